import { operations } from '@musique/core';
import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { audioOf } from '../audio.js';
import { fieldOf, inputField, outputFields, readInput } from '../catalog.js';
import { withMusique } from '../client.js';

const { deleteAudio } = operations;

const inputFields = defineInputFields([
  inputField(fieldOf(deleteAudio, 'audio'), {
    help: 'Pick it from the list or map its Audio ID. Audio with sends still scheduled cannot be deleted until they have played.',
  }),
]);

const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const { audio } = readInput(bundle, deleteAudio);
    const result = await client.audio.delete((await audioOf(client, audio)).audioId);
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
    sample: { id: deleteAudio.sample.audioId, ...deleteAudio.sample },
    outputFields: [
      { key: 'id', label: 'Audio ID', type: 'string' as const },
      ...outputFields(deleteAudio.result, deleteAudio.sample).filter((field) => field.key !== 'audioId'),
    ],
  },
});
