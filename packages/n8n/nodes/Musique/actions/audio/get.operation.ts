import type { PortableMusiqueClient } from '@musique/core/portable';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { audioLocator } from '../common.descriptions';

const properties: INodeProperties[] = [audioLocator];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['get'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const audioId = this.getNodeParameter('audioId', itemIndex, '', { extractValue: true }) as string;
  const audio = await client.audio.get(audioId);
  return [{ json: audio as unknown as IDataObject }];
}
