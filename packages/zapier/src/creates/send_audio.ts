import {
  createStoreDirectory,
  operations,
  resolveStoreReferences,
  responseOf,
  type Send,
} from '@musique/core';
import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { audioOf } from '../audio.js';
import { fieldOf, inputField, outputFields, readInput } from '../catalog.js';
import { withMusique } from '../client.js';
import { stepIdempotencyKey } from '../step-key.js';

const { sendAudio } = operations;

const inputFields = defineInputFields([
  inputField(fieldOf(sendAudio, 'audio'), {
    help: 'Pick it from the list, or map its Audio ID (or its exact name) from an earlier step.',
  }),
  inputField(fieldOf(sendAudio, 'stores')),
  inputField(fieldOf(sendAudio, 'scheduleAt'), {
    help: 'Such as "tomorrow at 9am" or 2026-12-01T09:00, read in the zap\'s time zone unless it has an offset. Leave blank, or give a time already past, to play it now.',
  }),
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

const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const { audio, stores, ...settings } = readInput(bundle, sendAudio);
    const { audioId } = await audioOf(client, audio);
    // The company's stores: a sandbox lists them (its answer above says it is one); the live API cannot, and
    // then "42" means store_042.
    const { externalIds } = await resolveStoreReferences(stores, createStoreDirectory(client));
    const options = { externalIds, ...settings };
    const idempotencyKey = stepIdempotencyKey(bundle, 'send_audio', {
      audioId,
      ...options,
      externalIds: [...externalIds].sort(),
      reference: bundle.inputData.send_reference ?? null,
    });
    return toZapierSend(await client.audio.send(audioId, options, { idempotencyKey }));
  })) satisfies CreatePerform<typeof inputFields>;

const toZapierSend = (send: Send) => ({
  id: send.sendId,
  ...send,
  storeCount: send.destinations.length,
  externalIds: send.destinations.map((d) => d.externalId),
  // A retried step gets the first send back: say so in the zap's history rather than look like a new play.
  alreadySent: responseOf(send)?.replayed ?? false,
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
      { key: 'alreadySent', label: 'Already Sent (a Retry: Nothing Played Again)', type: 'boolean' as const },
      { key: 'externalIds', label: 'Store IDs', type: 'string' as const, list: true },
    ],
  },
});
