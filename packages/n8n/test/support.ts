/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test support, never shipped. */
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { Musique } from '../nodes/Musique/Musique.node';
import { MusiqueTrigger } from '../nodes/MusiqueTrigger/MusiqueTrigger.node';
import { createContext, type Harness, type HarnessOptions } from './harness/n8n-context';

export const fixture = (name: string) => join(__dirname, '../../../shared/fixtures', name);

/** Runs the Musique node's execute() as n8n would for one node with these parameters and input items. */
export async function runMusique(
  options: HarnessOptions,
): Promise<{ output: INodeExecutionData[]; harness: Harness }> {
  const harness = createContext(options);
  const [output] = await new Musique().execute.call(harness.context);
  return { output: output ?? [], harness };
}

export async function pollTrigger(options: HarnessOptions): Promise<INodeExecutionData[] | null> {
  const harness = createContext({ nodeName: 'Musique Trigger', ...options });
  const result = await new MusiqueTrigger().poll.call(harness.context as IPollFunctions);
  return result ? (result[0] ?? []) : null;
}

export const locator = (value: string): IDataObject => ({ __rl: true, mode: 'id', value });
