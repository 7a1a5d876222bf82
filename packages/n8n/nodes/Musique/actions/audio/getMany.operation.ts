import type { Audio, MusiqueClient } from '@musique/core';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { categoryFilter } from '../common.descriptions';

const properties: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    default: 50,
    typeOptions: { minValue: 1 },
    displayOptions: { show: { returnAll: [false] } },
    description: 'Max number of results to return',
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    options: [
      categoryFilter,
      {
        displayName: 'Name Contains',
        name: 'name',
        type: 'string',
        default: '',
        description: 'Only audio whose name contains this text',
      },
    ],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['getMany'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: MusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
  const limit = returnAll ? Number.POSITIVE_INFINITY : (this.getNodeParameter('limit', itemIndex) as number);
  const filters = this.getNodeParameter('filters', itemIndex, {}) as { category?: string; name?: string };

  const found: Audio[] = [];
  // Newest first, page by page; a limit below one page asks for no more than it needs.
  for await (const audio of client.audio.iterate({
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.name ? { name: filters.name } : {}),
    pageSize: Math.min(100, limit),
  })) {
    found.push(audio);
    if (found.length >= limit) break;
  }
  return found.map((audio) => ({ json: audio as unknown as IDataObject }));
}
