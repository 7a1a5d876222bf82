import type { Command } from '../command.js';

export const limitsCommand: Command = {
  name: 'limits',
  summary: 'How much of the rate limits this key has used',
  usage: 'limits',
  options: {},
  async run({ client }) {
    const limits = await client.system.limits();
    const windows = ['perMinute', 'perHour', 'perDay'] as const;
    const text = windows
      .map(
        (w) =>
          `${w.padEnd(9)}  ${String(limits.usage[w]).padStart(5)} used of ${String(limits.limits[w]).padStart(5)}, ` +
          `${limits.remaining[w]} left until ${limits.resetAt[w]}`,
      )
      .join('\n');
    return { data: limits, text };
  },
};
