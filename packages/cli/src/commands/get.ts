import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { formatBytes, formatDuration, table } from '../format.js';

export const getCommand: Command = {
  name: 'get',
  summary: 'Show one audio file and how often it played',
  usage: 'get <audio id>',
  options: {},
  async run({ client, args }) {
    const [audioId] = args;
    if (!audioId) throw new UsageError(`Which audio? Usage: musique ${this.usage}`);
    const audio = await client.audio.get(audioId);
    return {
      data: audio,
      text: table([
        ['id', audio.audioId],
        ['name', audio.name],
        ['category', audio.category ?? '-'],
        ['description', audio.description ?? '-'],
        ['length', `${formatDuration(audio.duration)} (${audio.format}, ${formatBytes(audio.size)})`],
        ['url', audio.url],
        ['uploaded', audio.createdAt],
        ['played', `${audio.stats.timesPlayed} times in ${audio.stats.totalRecipients} stores`],
        ['last played', audio.stats.lastPlayedAt ?? 'never'],
      ]),
    };
  },
};
