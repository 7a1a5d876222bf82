import { type Audio, type MusiqueClient, resolveStores, type StoreDirectory } from '@musique/core';
import type { AudioChoice, StoreChoice } from './commands.js';

export type AudioResolution =
  | { kind: 'found'; audio: Audio }
  /** Two or more names match equally well: the user picks. */
  | { kind: 'ambiguous'; candidates: Audio[] }
  | { kind: 'none'; problem: string };

/** "promo" is the newest audio in the promotion category; a name is the best match, if only one is best. */
export async function resolveAudio(client: MusiqueClient, choice: AudioChoice): Promise<AudioResolution> {
  if (choice.kind === 'latest') {
    const audio = await client.audio.latest({ category: choice.category });
    if (audio) return { kind: 'found', audio };
    return {
      kind: 'none',
      problem: `There is no ${choice.category} audio yet. Attach an audio file in a personal chat with me and say "upload this as Summer Sale".`,
    };
  }
  const { audio, candidates } = await client.audio.matchName(choice.name);
  if (audio) return { kind: 'found', audio };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates: candidates.slice(0, 5) };
  return {
    kind: 'none',
    problem: `No audio is called "${choice.name}". Say "list promos" to see what there is.`,
  };
}

export type StoreResolution =
  | { kind: 'stores'; externalIds: string[]; all: boolean }
  | { kind: 'unknown'; unknown: string[]; known: string[] | undefined }
  | { kind: 'none'; problem: string };

/** "42" becomes the tenant's own ID (store_042, 42, ...); unknown references are named, nothing is sent. */
export async function resolveTargets(
  directory: StoreDirectory,
  choice: StoreChoice,
): Promise<StoreResolution> {
  const known = await directory.list();
  if (choice.kind === 'all') {
    if (!known?.length) {
      return {
        kind: 'none',
        problem:
          'I do not know the list of stores. The bot admin can set MUSIQUE_STORES (for example store_001-store_050).',
      };
    }
    return { kind: 'stores', externalIds: known, all: true };
  }
  const { externalIds, unknown } = resolveStores(choice.references, known ? { known } : {});
  if (unknown.length) return { kind: 'unknown', unknown, known };
  if (!externalIds.length) return { kind: 'none', problem: 'Which stores? Try: send promo to store 42.' };
  return { kind: 'stores', externalIds, all: false };
}
