import {
  createStoreDirectory,
  executeSendPlan,
  operations,
  planSend,
  refusalError,
  responseOf,
  type Send,
  type SendIntent,
} from '@musique/core';
import { type Bundle, type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { fieldOf, inputField, outputFields, parseContext, zapierKey } from '../catalog.js';
import { storeGroupsOf, withMusique } from '../client.js';
import { stepRetry } from '../step-key.js';

const { sendAudio } = operations;

const inputFields = defineInputFields([
  inputField(fieldOf(sendAudio, 'audio'), {
    help: 'Pick it from the list, or map its Audio ID (or its exact name) from an earlier step.',
  }),
  inputField(fieldOf(sendAudio, 'stores')),
  inputField(fieldOf(sendAudio, 'scheduleAt')),
  inputField(fieldOf(sendAudio, 'priority')),
  inputField(fieldOf(sendAudio, 'repeat')),
  inputField(fieldOf(sendAudio, 'volume')),
  {
    key: 'send_reference',
    label: 'Send Reference (advanced)',
    type: 'string',
    required: false,
    helpText:
      "Zapier may retry a step; this action makes sure a retry never plays the promo twice, by treating the same zap sending the same audio to the same stores with the same settings within 24 hours as one send. If this zap should play the same promo to the same stores more than once a day, map something that changes every run here, such as the trigger's ID or time.",
  },
]);

/** The step's words as the user typed or mapped them, under the core's names: the plan reads and checks them. */
const intentOf = (bundle: Bundle): SendIntent => {
  const raw = (key: string) => bundle.inputData[zapierKey(fieldOf(sendAudio, key))];
  return {
    audio: String(raw('audio') ?? ''),
    stores: (raw('stores') ?? []) as string[],
    at: raw('scheduleAt') as string | undefined,
    priority: raw('priority'),
    repeat: raw('repeat'),
    volume: raw('volume'),
  };
};

const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    // The company's stores: a sandbox lists them; the live API cannot, and then "42" means store_042.
    const planning = await planSend(client, intentOf(bundle), {
      ...parseContext(bundle),
      directory: createStoreDirectory(client),
      ...storeGroupsOf(bundle),
    });
    if (!planning.ok) throw refusalError(planning.refusal);
    const { plan } = planning;
    for (const note of plan.notes) z.console.log(note);
    // A retried step carries the same zap and inputs: the same key, so the API replays the first send.
    const retry = stepRetry(bundle, { reference: bundle.inputData.send_reference ?? null });
    return toZapierSend(await executeSendPlan(client, plan, { retry }), plan.notes);
  })) satisfies CreatePerform<typeof inputFields>;

const toZapierSend = (send: Send, notes: string[] = []) => ({
  id: send.sendId,
  ...send,
  storeCount: send.destinations.length,
  externalIds: send.destinations.map((d) => d.externalId),
  // A retried step gets the first send back: say so in the zap's history rather than look like a new play.
  alreadySent: responseOf(send)?.replayed ?? false,
  // A Play At a few minutes past plays now: the zap's history says so.
  note: notes.join(' ') || null,
});

export default defineCreate({
  key: 'send_audio',
  noun: 'Send',
  display: {
    label: 'Send Audio to Stores',
    description:
      'Plays a promo or announcement on the players of one store or many, now or at a time you choose.',
  },
  operation: {
    inputFields,
    perform,
    sample: toZapierSend(sendAudio.sample as unknown as Send),
    outputFields: [
      { key: 'id', label: 'Send ID', type: 'string' as const },
      ...outputFields(sendAudio.result, sendAudio.sample).filter((field) => field.key !== 'sendId'),
      { key: 'storeCount', label: 'Number of Stores', type: 'integer' as const },
      { key: 'note', label: 'Note', type: 'string' as const },
      { key: 'alreadySent', label: 'Already Sent (a Retry: Nothing Played Again)', type: 'boolean' as const },
      { key: 'externalIds', label: 'Store IDs', type: 'string' as const, list: true },
    ],
  },
});
