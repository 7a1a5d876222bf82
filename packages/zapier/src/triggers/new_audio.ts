import { defineInputFields, defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { audioOutputFields, audioSample, categoryFilterField, toZapierAudio } from '../audio.js';
import { withMusique } from '../client.js';

const inputFields = defineInputFields([categoryFilterField]);

/**
 * The newest audio first, one page of 100 (the API's largest), ids that never change: Zapier keeps the ids
 * it has seen and triggers once for each new one.
 */
const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const page = await client.audio.list({
      limit: 100,
      ...(bundle.inputData.category ? { category: bundle.inputData.category } : {}),
    });
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
    sample: audioSample,
    outputFields: [...audioOutputFields],
  },
});

export { perform as listNewestAudio };
