import {
  type Audio,
  categoryFilterField,
  limitField,
  nameFilterField,
  type PortableMusiqueClient,
} from '@musique/core/portable';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { fieldProperty, readField } from '../catalog';
import { categoryFilter } from '../common.descriptions';

const properties: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  // n8n's wording for Limit; its range and default are the catalog's.
  fieldProperty(limitField, {
    displayName: 'Limit',
    description: 'Max number of results to return',
    displayOptions: { show: { returnAll: [false] } },
  }),
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add filter',
    default: {},
    options: [categoryFilter, fieldProperty(nameFilterField)],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['getMany'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
  const limit = returnAll
    ? Number.POSITIVE_INFINITY
    : (readField(this, limitField, this.getNodeParameter('limit', itemIndex)) ?? Number.POSITIVE_INFINITY);
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  const category = readField(this, categoryFilterField, filters.category);
  const name = readField(this, nameFilterField, filters.name);

  const found: Audio[] = [];
  // Newest first, page by page; a limit below one page asks for no more than it needs.
  for await (const audio of client.audio.iterate({
    ...(category ? { category } : {}),
    ...(name ? { name } : {}),
    pageSize: Math.min(100, limit),
  })) {
    found.push(audio);
    if (found.length >= limit) break;
  }
  return found.map((audio) => ({ json: audio as unknown as IDataObject }));
}
