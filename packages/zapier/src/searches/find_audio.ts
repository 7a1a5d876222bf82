import {
  type Audio,
  audioIdField,
  categoryFilterField,
  NotFoundError,
  operations,
  searchTextField,
} from '@musique/core';
import { defineInputFields, defineSearch, type SearchPerform } from 'zapier-platform-core';
import { toZapierAudio } from '../audio.js';
import { audioOutput, inputField, readInput, zapierKey } from '../catalog.js';
import { withMusique } from '../client.js';

/** Zapier's search finds by any of the three, so none is required alone; the catalog's ID field joins them. */
const fields = [searchTextField, audioIdField, categoryFilterField];

const inputFields = defineInputFields([
  inputField(searchTextField, { required: false }),
  inputField(audioIdField, { required: false, help: 'The exact ID, when an earlier step gives it.' }),
  inputField(categoryFilterField, {
    help: 'Such as promotion. With no name or ID, finds the newest audio of the category.',
  }),
]);

interface FindInput {
  text?: string;
  audioId?: string;
  category?: string;
}

/** Nothing found is an empty list (Zapier then stops or creates, as the zap says), never an error. */
const perform = (async (z, bundle) => {
  // Each is optional here, so only those filled in are read (the catalog's own fields would require them).
  const filled = fields.filter((field) => String(bundle.inputData[zapierKey(field)] ?? '').trim());
  if (filled.length === 0) {
    throw new z.errors.Error(
      'Fill in a name, an audio ID or a category to search for.',
      'missing_field',
      400,
    );
  }
  return withMusique(z, bundle, async (client) => {
    const { text: name, audioId, category } = readInput<FindInput>(bundle, operations.findAudio, filled);
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
    ...audioOutput,
  },
});
