import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete an audio file permanently',
  usage: 'delete <audio id>',
  options: {},
  async run({ client, args }) {
    const [audioId] = args;
    if (!audioId) throw new UsageError(`Which audio? Usage: musique ${this.usage}`);
    const result = await client.audio.delete(audioId);
    return { data: result, text: `Deleted ${result.audioId}.` };
  },
};
