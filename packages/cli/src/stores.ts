import {
  createStoreDirectory,
  type MusiqueClient,
  resolveStores,
  settingsFromEnv,
  splitStoreList,
} from '@musique/core';
import { UsageError } from './exit-codes.js';

/**
 * The stores a send goes to: `--to 12,42` or `--all`. The tenant's store list is MUSIQUE_STORES when set, else
 * the sandbox's (the Partner API cannot list stores); without either, numbers follow
 * MUSIQUE_STORE_FORMAT (`store_{000}` by default) and the API itself refuses unknown ones.
 */
export async function targetStores(
  client: MusiqueClient,
  flags: { to?: string; all?: boolean },
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const known = await createStoreDirectory(client, settingsFromEnv(env).stores).list();
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
