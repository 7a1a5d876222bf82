import type { PortableMusiqueClient } from '@musique/core/portable';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
): Promise<INodeExecutionData[]> {
  const health = await client.system.health();
  return [{ json: health as unknown as IDataObject }];
}
