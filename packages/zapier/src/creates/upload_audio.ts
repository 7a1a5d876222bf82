import { type CreatePerform, defineCreate, defineInputFields } from 'zapier-platform-core';
import { audioOutputFields, audioSample, toZapierAudio } from '../audio.js';
import { withMusique } from '../client.js';
import { uploadFileFromUrl } from '../file-source.js';
import { stepIdempotencyKey } from '../step-key.js';

const inputFields = defineInputFields([
  {
    key: 'file',
    label: 'Audio File',
    type: 'file',
    required: true,
    helpText:
      'The promo or announcement: an MP3 (WAV, OGG and AAC work too) of at most 10 MB. Map a file from an earlier step, such as a new Dropbox or Google Drive file or an email attachment, or paste a link to it.',
  },
  {
    key: 'name',
    label: 'Name',
    type: 'string',
    required: false,
    helpText: 'What your team sees in Musique, such as "Summer Sale". Leave blank to use the file name.',
  },
  {
    key: 'description',
    label: 'Description',
    type: 'text',
    required: false,
    helpText: 'A note for your team, such as "20% off swimwear, weekend of June 6".',
  },
  {
    key: 'category',
    label: 'Category',
    type: 'string',
    required: false,
    choices: [
      { value: 'promotion', label: 'Promotion', sample: 'promotion' },
      { value: 'announcement', label: 'Announcement', sample: 'announcement' },
      { value: 'emergency', label: 'Emergency', sample: 'emergency' },
    ],
    helpText: 'Groups your audio; triggers and searches can filter on it. Pick one or type your own.',
  },
]);

const perform = (async (z, bundle) => {
  const { file, name, description, category } = bundle.inputData;
  const details = {
    ...(name ? { name } : {}),
    ...(description ? { description } : {}),
    ...(category ? { category } : {}),
  };
  return withMusique(z, bundle, async (client) => {
    const upload = await uploadFileFromUrl(z, file);
    // A replayed step (same zap, same file, same details) gets the first upload back instead of a duplicate.
    const idempotencyKey = stepIdempotencyKey(bundle, 'upload_audio', { file, ...details });
    const uploaded = await client.audio.upload({ file: upload, ...details }, { idempotencyKey });
    return {
      ...toZapierAudio(z, uploaded),
      description: description ?? null,
      category: category ?? null,
    };
  });
}) satisfies CreatePerform<typeof inputFields>;

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
    sample: audioSample,
    outputFields: audioOutputFields.filter((field) => !field.key.startsWith('stats__')),
  },
});
