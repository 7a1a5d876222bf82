import type { PortableMusiqueClient } from '@musique/core/portable';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { musiqueClient } from '../transport';
import { errorItem, toNodeError } from '../transport/errors';
import * as audio from './audio/Audio.resource';
import * as system from './system/System.resource';

type Operation = (
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
  itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
  audio: {
    upload: audio.upload.execute,
    get: audio.get.execute,
    getMany: audio.getMany.execute,
    delete: audio.delete.execute,
    send: audio.send.execute,
  },
  system: {
    health: system.health.execute,
    limits: system.limits.execute,
  },
};

/** Runs the chosen operation once per input item; each output item points back at the item it came from. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const returnData: INodeExecutionData[] = [];
  // One client per execution, so rate-limit pacing spans all items.
  const client = await musiqueClient(this);

  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const resource = this.getNodeParameter('resource', itemIndex) as string;
    const operation = this.getNodeParameter('operation', itemIndex) as string;
    try {
      const run = operations[resource]?.[operation];
      if (!run) throw new Error(`The operation "${operation}" of "${resource}" is not supported`);
      const results = await run.call(this, client, itemIndex);
      returnData.push(...this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } }));
    } catch (error) {
      const nodeError = toNodeError(this.getNode(), error, itemIndex);
      if (this.continueOnFail()) {
        returnData.push({ json: errorItem(nodeError, error), pairedItem: { item: itemIndex } });
        continue;
      }
      throw nodeError;
    }
  }
  return [returnData];
}
