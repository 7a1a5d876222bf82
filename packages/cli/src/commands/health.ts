import type { Command } from '../command.js';
import { table } from '../format.js';

export const healthCommand: Command = {
  name: 'health',
  summary: 'Is the API up? Database, storage and messaging status',
  usage: 'health',
  options: {},
  async run({ client }) {
    const health = await client.system.health();
    return {
      data: health,
      text: table([
        ['status', health.status],
        ...Object.entries(health.services).map(([service, status]): [string, string] => [service, status]),
        ['version', health.version],
      ]),
    };
  },
};
