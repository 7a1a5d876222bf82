import { categoryFilterField, operations } from '@musique/core';
import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { toZapierAudio } from '../audio.js';
import { audioOutput, inputField, readInput } from '../catalog.js';
import { withMusique } from '../client.js';

const inputFields = defineInputFields([
  inputField(categoryFilterField, { help: 'Such as promotion. Leave blank for all audio.' }),
]);

/**
 * The newest audio first, one page of 100 (the API's largest), ids that never change: Zapier keeps the ids
 * it has seen and triggers once for each new one.
 */
const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const filter = readInput<{ category?: string }>(bundle, operations.listAudio, [categoryFilterField]);
    const page = await client.audio.list({ limit: 100, ...filter });
    return page.data.map((audio) => toZapierAudio(z, audio));
  })) satisfies PollingTriggerPerform<typeof inputFields>;

export default defineTrigger({
  key: 'new_audio',
  noun: 'Audio',
  display: {
    label: 'New Audio',
    description: 'Triggers when a new promo or announcement is uploaded to Musique.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform,
    ...audioOutput,
  },
});

export { perform as listNewestAudio };
