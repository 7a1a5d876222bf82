import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';

export const logsCommand: Command = {
  name: 'logs',
  summary: "Recent API requests made with this company's keys",
  usage:
    'logs [--method GET|POST|DELETE] [--status <code>] [--path <prefix>] [--from <time>] [--to <time>] [--limit <n>]',
  options: {
    method: { type: 'string' },
    status: { type: 'string' },
    path: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
  },
  async run({ client, flags }) {
    const number = (field: string): number | undefined => {
      const value = flags[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !/^\d+$/.test(value)) {
        throw new UsageError(`--${field} must be a whole number; got "${value}".`);
      }
      return Number(value);
    };
    const status = number('status');
    const limit = number('limit');
    const page = await client.system.logs({
      ...(typeof flags.method === 'string' ? { method: flags.method.toUpperCase() as 'GET' } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(typeof flags.path === 'string' ? { path: flags.path } : {}),
      ...(typeof flags.from === 'string' ? { from: flags.from } : {}),
      ...(typeof flags.to === 'string' ? { to: flags.to } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    const text = page.data
      .map(
        (log) =>
          `${log.timestamp}  ${String(log.status)}  ${log.method.padEnd(6)} ${log.path}  ${log.durationMs} ms  ${log.requestId}`,
      )
      .join('\n');
    return { data: page.data, text: text || 'No requests logged.' };
  },
};
