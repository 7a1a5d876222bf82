import type { PortableMusiqueClient } from '@musique/core/portable';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
): Promise<INodeExecutionData[]> {
  const limits = await client.system.limits();
  return [{ json: limits as unknown as IDataObject }];
}
