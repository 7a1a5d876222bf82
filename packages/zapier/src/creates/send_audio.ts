import { type Priority, resolveStores, responseOf } from '@musique/core';
import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { withMusique } from '../client.js';
import { stepIdempotencyKey } from '../step-key.js';

const inputFields = defineInputFields([
  {
    key: 'audio_id',
    label: 'Audio',
    type: 'string',
    required: true,
    dynamic: 'audio_list.id.name',
    search: 'find_audio.id',
    helpText:
      'The promo to play. Pick it from the list, or map the Audio ID from an earlier step (New Audio, Upload Audio or Find Audio).',
  },
  {
    key: 'stores',
    label: 'Stores',
    type: 'string',
    required: true,
    list: true,
    helpText:
      'The stores that should play it: their external IDs, such as `store_042`, or just their numbers (`42` means store_042). One store is a single send; several are a broadcast, and if any store is unknown, none of them receives it.',
  },
  {
    key: 'schedule_at',
    label: 'Play At',
    type: 'datetime',
    required: false,
    helpText: 'When the stores should play it, such as "tomorrow at 9am". Leave blank to play it now.',
  },
  {
    key: 'priority',
    label: 'Priority',
    type: 'string',
    required: false,
    default: 'normal',
    helpText: 'How soon the stores play it. Only Urgent cuts off what is playing.',
    choices: [
      { value: 'low', label: 'Low: after everything already queued', sample: 'low' },
      { value: 'normal', label: 'Normal: in turn with the rest of the queue', sample: 'normal' },
      { value: 'high', label: 'High: right after what is playing now', sample: 'high' },
      { value: 'urgent', label: 'Urgent: interrupts what is playing now', sample: 'urgent' },
    ],
  },
  {
    key: 'repeat',
    label: 'Repeat',
    type: 'integer',
    required: false,
    default: '1',
    helpText: 'How many times in a row each store plays it, from 1 to 10.',
  },
  {
    key: 'volume',
    label: 'Volume (%)',
    type: 'integer',
    required: false,
    default: '100',
    helpText: 'From 0 to 100.',
  },
  {
    key: 'send_reference',
    label: 'Send Reference (advanced)',
    type: 'string',
    required: false,
    helpText:
      "Zapier may retry a step; this action makes sure a retry never plays the promo twice, by treating the same zap sending the same audio to the same stores with the same settings within 24 hours as one send. If this zap should play the same promo to the same stores more than once a day, map something that changes every run here, such as the trigger's ID or time.",
  },
]);

const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  // A mapped field can bring "12, 42" as one item; a reference like "store 42" keeps its space.
  const references = [input.stores ?? []].flat().flatMap((item) => String(item).split(/[,;\n]/));
  const { externalIds } = resolveStores(references);
  const options = {
    externalIds,
    ...(input.schedule_at ? { scheduleAt: input.schedule_at } : {}),
    ...(input.priority ? { priority: input.priority as Priority } : {}),
    ...(input.repeat !== undefined && String(input.repeat) !== '' ? { repeat: Number(input.repeat) } : {}),
    ...(input.volume !== undefined && String(input.volume) !== '' ? { volume: Number(input.volume) } : {}),
  };
  const idempotencyKey = stepIdempotencyKey(bundle, 'send_audio', {
    audioId: input.audio_id,
    ...options,
    externalIds: [...externalIds].sort(),
    reference: input.send_reference ?? null,
  });
  return withMusique(z, bundle, async (client) => {
    const send = await client.audio.send(input.audio_id, options, { idempotencyKey });
    return {
      id: send.sendId,
      ...send,
      storeCount: send.destinations.length,
      externalIds: send.destinations.map((d) => d.externalId),
      // A retried step gets the first send back: say so in the zap's history rather than look like a new play.
      alreadySent: responseOf(send)?.replayed ?? false,
    };
  });
}) satisfies CreatePerform<typeof inputFields>;

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
    sample: {
      id: 'snd_abc123def456',
      sendId: 'snd_abc123def456',
      audioId: 'aud_9x8y7z6w5v4u3t',
      destinations: [
        { externalId: 'store_012', userId: 4312, status: 'queued' },
        { externalId: 'store_042', userId: 4342, status: 'queued' },
      ],
      scheduled: false,
      scheduleAt: null,
      status: 'sent',
      storeCount: 2,
      externalIds: ['store_012', 'store_042'],
      alreadySent: false,
    },
    outputFields: [
      { key: 'id', label: 'Send ID', type: 'string' },
      { key: 'audioId', label: 'Audio ID', type: 'string' },
      { key: 'status', label: 'Status (sent, scheduled, queued or failed)', type: 'string' },
      { key: 'scheduled', label: 'Scheduled', type: 'boolean' },
      { key: 'scheduleAt', label: 'Plays At', type: 'datetime' },
      { key: 'storeCount', label: 'Number of Stores', type: 'integer' },
      { key: 'alreadySent', label: 'Already Sent (a retry: nothing played again)', type: 'boolean' },
      { key: 'externalIds', label: 'Stores', type: 'string', list: true },
      { key: 'destinations[]externalId', label: 'Store', type: 'string' },
      { key: 'destinations[]status', label: 'Store Status', type: 'string' },
    ],
  },
});
