import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { toAudioChoice } from '../audio.js';
import { audioOutput } from '../catalog.js';
import { withMusique } from '../client.js';

const PAGE_SIZE = 100;

/**
 * Feeds the audio dropdowns. Zapier asks for page 0, 1, 2... ("Load more"); the API pages by cursor, so page N
 * walks N cursors from the newest, which stays stateless and correct while new audio arrives.
 */
const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const wanted = Math.max(0, Number(bundle.meta?.page ?? 0));
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const result = await client.audio.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (page === wanted) return result.data.map(toAudioChoice);
      if (!result.hasMore || !result.nextCursor) return [];
      cursor = result.nextCursor;
    }
  })) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'audio_list',
  noun: 'Audio',
  display: {
    label: 'List Audio',
    description: 'Lists your audio for dropdowns, newest first.',
    hidden: true,
  },
  operation: {
    type: 'polling',
    canPaginate: true,
    perform,
    sample: {
      id: audioOutput.sample.id,
      name: 'Summer Sale (promotion, 15 s, 2026-06-01)',
      category: 'promotion',
    },
    outputFields: [
      { key: 'id', label: 'Audio ID', type: 'string' },
      { key: 'name', label: 'Name', type: 'string' },
    ],
  },
});
