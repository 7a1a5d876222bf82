import {
  createStoreDirectory,
  deriveIdempotencyKey,
  type MusiqueClient,
  priorityField,
  repeatField,
  resolveStoreReferences,
  type SendOptions,
  type StoreDirectory,
  scheduleAtField,
  storesField,
  volumeField,
} from '@musique/core';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { fieldProperty, readField } from '../catalog';
import { audioLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
  audioLocator,
  // `externalIds` is the name saved workflows already use. The forms people type are shown, not hidden in a
  // tooltip: lists and "all" work, not only the one number the placeholder shows.
  fieldProperty(storesField, {
    name: 'externalIds',
    placeholder: 'e.g. 42, 43 #44',
    description:
      'The stores whose players play it. With several stores, either all of them get it or, if one is unknown, none does.',
    hint: 'Store numbers or IDs, separated by commas, spaces or new lines: 42, #42 or store_042. Type "all" for every store.',
  }),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    // In alphabetical order, as n8n lists a collection's options.
    options: [
      fieldProperty(scheduleAtField, {
        description:
          "When the stores play it, read in the workflow's time zone unless it has an offset such as +01:00. Empty, or a time already past, plays it now.",
      }),
      fieldProperty(priorityField),
      fieldProperty(repeatField),
      fieldProperty(volumeField),
    ],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['send'] } },
  properties,
);

/** One directory per client, so an execution asks for the company's stores once, not once per item. */
const directories = new WeakMap<MusiqueClient, StoreDirectory>();

function storeDirectory(client: MusiqueClient): StoreDirectory {
  let directory = directories.get(client);
  if (!directory) {
    directory = createStoreDirectory(client);
    directories.set(client, directory);
  }
  return directory;
}

export async function execute(
  this: IExecuteFunctions,
  client: MusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const audioId = this.getNodeParameter('audioId', itemIndex, '', { extractValue: true }) as string;
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

  // Everything is read before anything is sent, so a bad value costs no request.
  const references = readField(this, storesField, this.getNodeParameter('externalIds', itemIndex)) ?? [];
  const priority = readField(this, priorityField, options.priority);
  const repeat = readField(this, repeatField, options.repeat);
  const volume = readField(this, volumeField, options.volume);
  const scheduleAt = readField(this, scheduleAtField, options.scheduleAt);
  const { externalIds } = await resolveStoreReferences(references, storeDirectory(client));

  const send: SendOptions = {
    externalIds,
    ...(priority ? { priority } : {}),
    ...(repeat !== undefined ? { repeat } : {}),
    ...(volume !== undefined ? { volume } : {}),
    ...(scheduleAt ? { scheduleAt } : {}),
  };
  // Retry On Fail runs the node again in the same execution: the same key makes the API replay the first
  // answer instead of playing the promo twice.
  const idempotencyKey = deriveIdempotencyKey({
    platform: 'n8n',
    action: 'sendAudio',
    identity: { execution: this.getExecutionId(), node: this.getNode().id, item: itemIndex },
  });
  const result = await client.audio.send(audioId, send, { idempotencyKey });
  return [{ json: result as unknown as IDataObject }];
}
