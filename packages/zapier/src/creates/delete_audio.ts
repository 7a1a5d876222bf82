import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { withMusique } from '../client.js';

const inputFields = defineInputFields([
  {
    key: 'audio_id',
    label: 'Audio',
    type: 'string',
    required: true,
    dynamic: 'audio_list.id.name',
    search: 'find_audio.id',
    helpText:
      'The audio to delete for good, for example an expired promo. Audio with sends still scheduled cannot be deleted until they have played.',
  },
]);

const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const result = await client.audio.delete(bundle.inputData.audio_id);
    return { id: result.audioId, ...result };
  })) satisfies CreatePerform<typeof inputFields>;

export default defineCreate({
  key: 'delete_audio',
  noun: 'Audio',
  display: {
    label: 'Delete Audio',
    description: 'Deletes a promo or announcement from Musique, for example once the offer has ended.',
  },
  operation: {
    inputFields,
    perform,
    sample: { id: 'aud_9x8y7z6w5v4u3t', audioId: 'aud_9x8y7z6w5v4u3t', deleted: true },
    outputFields: [
      { key: 'id', label: 'Audio ID', type: 'string' },
      { key: 'deleted', label: 'Deleted', type: 'boolean' },
    ],
  },
});
