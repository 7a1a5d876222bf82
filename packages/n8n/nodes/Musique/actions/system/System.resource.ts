import type { INodeProperties } from 'n8n-workflow';
import * as health from './health.operation';
import * as limits from './limits.operation';

export { health, limits };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['system'] } },
    options: [
      {
        name: 'Health',
        value: 'health',
        description: 'Check that the Musique API is up',
        action: 'Check the API health',
      },
      {
        name: 'Limits',
        value: 'limits',
        description: "Get this key's rate limits, usage and reset times",
        action: 'Get the rate limits',
      },
    ],
    default: 'health',
  },
];
