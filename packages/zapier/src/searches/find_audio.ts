import { type Audio, NotFoundError } from '@musique/core';
import { defineInputFields, defineSearch, type SearchPerform } from 'zapier-platform-core';
import { audioOutputFields, audioSample, categoryFilterField, toZapierAudio } from '../audio.js';
import { withMusique } from '../client.js';

const inputFields = defineInputFields([
  {
    key: 'name',
    label: 'Name',
    type: 'string',
    required: false,
    helpText:
      'The name or part of it, such as "summer sale" (not case sensitive). An exact name comes first, then names that start with it, newest first.',
  },
  {
    key: 'audio_id',
    label: 'Audio ID',
    type: 'string',
    required: false,
    helpText: 'The exact ID, such as `aud_9x8y7z6w5v4u3t`, when you have it from an earlier step.',
  },
  {
    ...categoryFilterField,
    helpText:
      'Only audio of this category, such as `promotion`. With no name or ID, finds the newest audio of the category.',
  },
]);

/** Nothing found is an empty list (Zapier then stops or creates, as the zap says), never an error. */
const perform = (async (z, bundle) => {
  const { name, audio_id: audioId, category } = bundle.inputData;
  if (!name && !audioId && !category) {
    throw new z.errors.Error(
      'Fill in a name, an audio ID or a category to search for.',
      'missing_field',
      400,
    );
  }
  return withMusique(z, bundle, async (client) => {
    let found: Audio[];
    if (audioId) {
      found = await client.audio.get(audioId).then(
        (audio) => [audio],
        (error: unknown) => {
          if (error instanceof NotFoundError) return [];
          throw error;
        },
      );
      found = found.filter((audio) => matches(audio, name, category));
    } else if (name) {
      found = await client.audio.findByName(name, category ? { category } : {});
    } else {
      const latest = await client.audio.latest(category ? { category } : {});
      found = latest ? [latest] : [];
    }
    return found.slice(0, 10).map((audio) => toZapierAudio(z, audio));
  });
}) satisfies SearchPerform<typeof inputFields>;

/** With an ID, the other fields still have to agree, as they would in any search. */
function matches(audio: Audio, name: string | undefined, category: string | undefined): boolean {
  if (name && !audio.name.toLowerCase().includes(name.trim().toLowerCase())) return false;
  if (category && audio.category?.toLowerCase() !== category.trim().toLowerCase()) return false;
  return true;
}

export default defineSearch({
  key: 'find_audio',
  noun: 'Audio',
  display: {
    label: 'Find Audio',
    description:
      'Finds a promo or announcement by name, ID or category, so a later step can send or delete it.',
  },
  operation: {
    inputFields,
    perform,
    sample: audioSample,
    outputFields: [...audioOutputFields],
  },
});
