import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { audioLine } from '../format.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'List audio files, newest first',
  usage: 'list [--category <category>] [--name <text>] [--limit <n>]',
  options: {
    category: { type: 'string' },
    name: { type: 'string' },
    limit: { type: 'string' },
  },
  async run({ client, flags }) {
    const limit = flags.limit === undefined ? 20 : Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit must be a whole number of 1 or more; got "${flags.limit}".`);
    }
    const audio = [];
    for await (const item of client.audio.iterate({
      ...(typeof flags.category === 'string' ? { category: flags.category } : {}),
      ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
      pageSize: Math.min(limit, 100),
    })) {
      audio.push(item);
      if (audio.length === limit) break;
    }
    return { data: audio, text: audio.length ? audio.map(audioLine).join('\n') : 'No audio files.' };
  },
};
