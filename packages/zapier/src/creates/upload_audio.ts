import { operations } from '@musique/core';
import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { toZapierAudio } from '../audio.js';
import { fieldOf, inputField, readInput, uploadedOutput } from '../catalog.js';
import { withMusique } from '../client.js';
import { uploadFileFromUrl } from '../file-source.js';
import { stepIdempotencyKey } from '../step-key.js';

const { uploadAudio } = operations;
const file = fieldOf(uploadAudio, 'file');

const inputFields = defineInputFields([
  inputField(file, {
    help: `${file.help} Map a file from an earlier step, such as a new Dropbox or Google Drive file or an email attachment, or paste a link to it.`,
  }),
  inputField(fieldOf(uploadAudio, 'name')),
  inputField(fieldOf(uploadAudio, 'description'), { type: 'text' }),
  inputField(fieldOf(uploadAudio, 'category')),
]);

const perform = (async (z, bundle) =>
  withMusique(z, bundle, async (client) => {
    const { file, ...details } = readInput(bundle, uploadAudio);
    // The core checks the first bytes (and the texts) before the upload starts.
    const upload = await uploadFileFromUrl(z, file);
    // A replayed step (same zap, same file, same details) gets the first upload back instead of a duplicate.
    const idempotencyKey = stepIdempotencyKey(bundle, 'upload_audio', { file, ...details });
    const uploaded = await client.audio
      .upload({ file: upload, ...details }, { idempotencyKey })
      .finally(upload.discard);
    return {
      ...toZapierAudio(z, uploaded),
      description: details.description ?? null,
      category: details.category ?? null,
    };
  })) satisfies CreatePerform<typeof inputFields>;

export default defineCreate({
  key: 'upload_audio',
  noun: 'Audio',
  display: {
    label: 'Upload Audio',
    description: 'Uploads a promo or announcement (MP3) to Musique, ready to send to your stores.',
  },
  operation: {
    inputFields,
    perform,
    ...uploadedOutput,
  },
});
