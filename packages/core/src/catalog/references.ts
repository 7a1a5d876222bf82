import type { PortableMusiqueClient } from '../client.js';
import { ValidationError } from '../errors.js';
import { resolveStores, type StoreDirectory } from '../stores.js';
import type { Audio } from '../types.js';

const EVERY_STORE = /^(?:all|all stores|every store|everywhere|\*)$/i;
const AUDIO_ID = /^aud_[A-Za-z0-9]+$/;

/** "all" (or "all stores", "every store", "*") as the only reference means every store of the directory. */
export const meansEveryStore = (references: readonly string[]) =>
  references.length === 1 && EVERY_STORE.test(references[0]?.trim() ?? '');

/**
 * Store references ("42", "#42", "store_042", "all") as external IDs, checked against the company's stores when
 * the directory knows them, so an unknown store is refused before anything is sent (a broadcast is atomic:
 * one unknown store and nobody receives it). Without a directory, "42" is formatted as store_042.
 */
export async function resolveStoreReferences(
  references: readonly string[],
  directory?: StoreDirectory,
): Promise<{ externalIds: string[]; everyStore: boolean }> {
  const known = await directory?.list();
  if (meansEveryStore(references)) {
    if (!known?.length)
      throw refuse([], 'There is no list of your stores to send to all of them; name the stores instead.');
    return { externalIds: [...known], everyStore: true };
  }
  const { externalIds, unknown } = resolveStores(references, known ? { known } : {});
  if (unknown.length > 0) {
    const sample = known?.slice(0, 3).join(', ');
    throw refuse(
      unknown,
      `No store matches ${unknown.join(', ')}: check the ${unknown.length === 1 ? 'number' : 'numbers'}${sample ? `; your stores are named like ${sample}` : ''}. Nothing was sent.`,
    );
  }
  if (externalIds.length === 0) throw refuse([], 'Say which stores should play it, such as 42 or store_042.');
  return { externalIds, everyStore: false };
}

function refuse(unknown: string[], message: string) {
  return new ValidationError({
    code: unknown.length > 0 ? 'not_found' : 'missing_field',
    param: 'externalIds',
    type: 'validation_error',
    message,
    ...(unknown.length > 0 ? { unknownExternalIds: unknown } : {}),
  });
}

/**
 * The audio a person means: an audio ID is looked up, anything else is a name (`matchName`: exact, else the only
 * one containing it). `audio` is null when that is not one file; `candidates` are then the ones to choose from.
 */
export async function resolveAudioReference(
  client: PortableMusiqueClient,
  reference: string,
  filters: { category?: string } = {},
): Promise<{ audio: Audio | null; candidates: Audio[] }> {
  const trimmed = reference.trim();
  if (AUDIO_ID.test(trimmed)) {
    const audio = await client.audio.get(trimmed);
    return { audio, candidates: [audio] };
  }
  return client.audio.matchName(trimmed, filters);
}
