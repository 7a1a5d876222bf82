import {
  type Audio,
  type MusiqueClient,
  resolveAudioReference,
  resolveStoreReferences,
  type StoreDirectory,
  ValidationError,
} from '@musique/core';
import type { AudioChoice, StoreChoice } from '../commands/parse.js';
import { listStores } from '../errors.js';

export type AudioResolution =
  | { kind: 'found'; audio: Audio }
  /** Two or more names match equally well: the user picks. */
  | { kind: 'ambiguous'; candidates: Audio[] }
  | { kind: 'none'; problem: string };

/** "promo" is the newest audio in the promotion category; a name (or an audio ID) is the core's best match. */
export async function resolveAudio(client: MusiqueClient, choice: AudioChoice): Promise<AudioResolution> {
  if (choice.kind === 'latest') {
    const audio = await client.audio.latest({ category: choice.category });
    if (audio) return { kind: 'found', audio };
    return {
      kind: 'none',
      problem: `There is no ${choice.category} audio yet. Attach an audio file in a personal chat with me and say "upload this as Summer Sale".`,
    };
  }
  const { audio, candidates } = await resolveAudioReference(client, choice.name);
  if (audio) return { kind: 'found', audio };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates: candidates.slice(0, 5) };
  return {
    kind: 'none',
    problem: `No audio is called "${choice.name}". Say "list promos" to see what there is.`,
  };
}

export type StoreResolution =
  | { kind: 'stores'; externalIds: string[]; all: boolean }
  | { kind: 'none'; problem: string };

/**
 * "42" becomes the tenant's own ID (store_042, 42, ...) by the core's rule; an unknown store, or "all" with no
 * list of stores, is refused in the core's words and nothing is sent.
 */
export async function resolveTargets(
  directory: StoreDirectory,
  choice: StoreChoice,
): Promise<StoreResolution> {
  try {
    const references = choice.kind === 'all' ? ['all'] : choice.references;
    const { externalIds, everyStore } = await resolveStoreReferences(references, directory);
    return { kind: 'stores', externalIds, all: everyStore };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const unknown = error.unknownExternalIds ?? [];
    if (unknown.length) return { kind: 'none', problem: unknownStoresText(unknown, await directory.list()) };
    const hint =
      choice.kind === 'all' ? ' The bot admin can set MUSIQUE_STORES (for example store_001-store_050).' : '';
    return { kind: 'none', problem: `${error.message}${hint}` };
  }
}

function unknownStoresText(unknown: string[], known: string[] | undefined): string {
  const which = `${unknown.length === 1 ? 'store' : 'stores'} ${listStores(unknown.map((ref) => `"${ref}"`))}`;
  const hint = known?.length ? ` Stores are named like ${known.slice(0, 2).join(', ')}.` : '';
  return `I don't know ${which}, so nothing was sent.${hint}`;
}
