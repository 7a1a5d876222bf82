import {
  type MusiqueClient,
  type Priority,
  resolveStores,
  type SendOptions,
  splitStoreList,
} from '@musique/core';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { audioLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
  audioLocator,
  {
    displayName: 'Stores',
    name: 'externalIds',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. store_001, store_042 or 1, 42',
    description:
      'External IDs of the stores that should play it, separated by commas. A bare number such as 42 means store_042. More than one store is an all-or-nothing broadcast.',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'options',
        default: 'normal',
        options: [
          { name: 'Low', value: 'low', description: 'Queued after other audio' },
          { name: 'Normal', value: 'normal', description: 'Standard queue' },
          { name: 'High', value: 'high', description: 'Plays after the current audio finishes' },
          { name: 'Urgent', value: 'urgent', description: 'Interrupts current playback immediately' },
        ],
      },
      {
        displayName: 'Repeat',
        name: 'repeat',
        type: 'number',
        default: 1,
        typeOptions: { minValue: 1, maxValue: 10 },
        description: 'How many times each store plays it (1 to 10)',
      },
      {
        displayName: 'Schedule Time',
        name: 'scheduleAt',
        type: 'dateTime',
        default: '',
        description: 'When the stores should play it. Leave empty to play now.',
      },
      {
        displayName: 'Volume',
        name: 'volume',
        type: 'number',
        default: 100,
        typeOptions: { minValue: 0, maxValue: 100 },
        description: 'Playback volume in percent (0 to 100)',
      },
    ],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['send'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: MusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const audioId = this.getNodeParameter('audioId', itemIndex, '', { extractValue: true }) as string;
  const stores = this.getNodeParameter('externalIds', itemIndex) as string | string[];
  const options = this.getNodeParameter('options', itemIndex, {}) as {
    priority?: Priority;
    repeat?: number;
    scheduleAt?: string;
    volume?: number;
  };

  // An expression may hand over an array; typed text is a comma-separated list.
  const references = Array.isArray(stores) ? stores.map(String) : splitStoreList(String(stores));
  const send: SendOptions = { externalIds: resolveStores(references).externalIds };
  if (options.priority) send.priority = options.priority;
  if (options.repeat !== undefined) send.repeat = options.repeat;
  if (options.volume !== undefined) send.volume = options.volume;
  if (options.scheduleAt) send.scheduleAt = options.scheduleAt;

  const result = await client.audio.send(audioId, send);
  return [{ json: result as unknown as IDataObject }];
}
