import {
  createStoreDirectory,
  executeSendPlan,
  type PortableMusiqueClient,
  parseStoreGroups,
  planSend,
  priorityField,
  refusalError,
  repeatField,
  type SendIntent,
  type StoreDirectory,
  type StoreGroups,
  scheduleAtField,
  storesField,
  volumeField,
} from '@musique/core/portable';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  NodeOperationError,
  updateDisplayOptions,
} from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../../transport';
import { fieldProperty } from '../catalog';
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
    hint: 'Store numbers or IDs, separated by commas, spaces or new lines: 42, #42 or store_042; ranges such as 12-20; a group named in the credential\'s Store Groups; "all" for every store.',
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
        // The core's rule in its words, and where n8n reads a time without an offset.
        description: `${scheduleAtField.meaning} A time without an offset is read in the workflow's time zone.`,
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
const directories = new WeakMap<PortableMusiqueClient, StoreDirectory>();

function storeDirectory(client: PortableMusiqueClient): StoreDirectory {
  let directory = directories.get(client);
  if (!directory) {
    directory = createStoreDirectory(client);
    directories.set(client, directory);
  }
  return directory;
}

/** The credential's named store groups, read strictly: a malformed list is refused, never half read. */
async function storeGroups(context: IExecuteFunctions, itemIndex: number): Promise<StoreGroups | undefined> {
  const { storeGroups: text } = await context.getCredentials<{ storeGroups?: string }>(CREDENTIAL_TYPE);
  if (!text?.trim()) return undefined;
  try {
    return parseStoreGroups(text);
  } catch (error) {
    throw new NodeOperationError(context.getNode(), (error as Error).message, {
      itemIndex,
      description: 'Fix the Store Groups of the Musique credential.',
    });
  }
}

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  // The core's plan reads and checks every value before anything is sent, so a bad value costs no request.
  const groups = await storeGroups(this, itemIndex);
  const planning = await planSend(
    client,
    {
      audio: this.getNodeParameter('audioId', itemIndex, '', { extractValue: true }) as string,
      stores: this.getNodeParameter('externalIds', itemIndex) as string | string[],
      at: options.scheduleAt as SendIntent['at'],
      priority: options.priority,
      repeat: options.repeat,
      volume: options.volume,
    },
    { timeZone: this.getTimezone(), directory: storeDirectory(client), ...(groups ? { groups } : {}) },
  );
  if (!planning.ok) throw refusalError(planning.refusal);
  // Retry On Fail runs the node again in the same execution: the same identity makes the API replay the first
  // answer instead of playing the promo twice.
  const retry = {
    platform: 'n8n',
    identity: { execution: this.getExecutionId(), node: this.getNode().id, item: itemIndex },
  };
  const result = await executeSendPlan(client, planning.plan, { retry });
  const note = planning.plan.notes.join(' ');
  return [{ json: { ...(result as unknown as IDataObject), ...(note ? { note } : {}) } }];
}
