import {
  expandStoreRanges,
  type MusiqueClient,
  NotFoundError,
  resolveStores,
  splitStoreList,
} from '@musique/core';
import { UsageError } from './exit-codes.js';

/**
 * The stores a send goes to: `--to 12,42` or `--all`. The tenant's store list comes from the sandbox when it
 * answers, else from MUSIQUE_STORES (the Partner API cannot list stores); without either, numbers follow
 * MUSIQUE_STORE_FORMAT (`store_{000}` by default) and the API itself refuses unknown ones.
 */
export async function targetStores(
  client: MusiqueClient,
  flags: { to?: string; all?: boolean },
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const known = await knownStores(client, env);
  if (flags.all) {
    if (!known?.length) {
      throw new UsageError(
        '--all needs the list of your stores: set MUSIQUE_STORES to your external IDs, such as store_001-store_050.',
      );
    }
    return known;
  }
  const references = splitStoreList(flags.to ?? '');
  if (references.length === 0)
    throw new UsageError('--to names no store: give store numbers or IDs, such as --to 12,42.');
  const { externalIds, unknown } = resolveStores(references, {
    ...(known ? { known } : {}),
    ...(env.MUSIQUE_STORE_FORMAT ? { pattern: env.MUSIQUE_STORE_FORMAT } : {}),
  });
  if (unknown.length) {
    throw new UsageError(`No such store: ${unknown.join(', ')}. Nothing was sent; check the store numbers.`);
  }
  return externalIds;
}

async function knownStores(
  client: MusiqueClient,
  env: Record<string, string | undefined>,
): Promise<string[] | undefined> {
  if (env.MUSIQUE_STORES?.trim()) return expandStoreRanges(env.MUSIQUE_STORES);
  try {
    return (await client.sandbox.locations()).data.map((location) => location.externalId);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined; // the real API has no store list
    throw error;
  }
}
