import type { PortableMusiqueClient } from './client.js';
import { MusiqueError } from './errors.js';

/**
 * Store references as people write them ("42", "store 42", "#42", "store_042") turned into external IDs.
 * With the tenant's IDs known, a number matches the ID that ends in that number (store_042, S42, 42);
 * without them, it is formatted with `pattern` (`store_{000}`: zero-padded to three digits).
 */
export function resolveStores(
  references: readonly string[],
  options: { known?: readonly string[]; pattern?: string } = {},
): { externalIds: string[]; unknown: string[] } {
  const externalIds: string[] = [];
  const unknown: string[] = [];
  for (const raw of references) {
    const reference = raw.trim();
    if (!reference) continue;
    const id = resolveStore(reference, options);
    if (id === undefined) unknown.push(reference);
    else if (!externalIds.includes(id)) externalIds.push(id);
  }
  return { externalIds, unknown };
}

/** Splits "12, 42 and 57" or "stores 12 42" into references. */
export function splitStoreList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\band\b|&|\s)\s*/i)
    .map((part) => part.trim())
    .filter((part) => part && !/^stores?$/i.test(part));
}

function resolveStore(
  reference: string,
  options: { known?: readonly string[]; pattern?: string },
): string | undefined {
  const number = /^(?:store\s*|#)?0*(\d+)$/i.exec(reference)?.[1];
  const { known } = options;
  if (!known) return number === undefined ? reference : formatStore(Number(number), options.pattern);
  const exact = known.find((id) => id.toLowerCase() === reference.toLowerCase());
  if (exact) return exact;
  if (number === undefined) return undefined;
  return known.find((id) => /(\d+)$/.exec(id)?.[1]?.replace(/^0+(?=\d)/, '') === number);
}

export function formatStore(number: number, pattern = 'store_{000}'): string {
  return pattern.replace(/\{(0+)\}/, (_, zeros: string) => String(number).padStart(zeros.length, '0'));
}

/**
 * A configured store list, "store_001-store_050, paris_hq": IDs separated by commas or spaces, with ranges that
 * keep their zero padding.
 */
export function expandStoreRanges(list: string): string[] {
  const ids: string[] = [];
  for (const part of list.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(.*?)(\d+)-\1(\d+)$/.exec(part);
    if (!range) {
      ids.push(part);
      continue;
    }
    const [, prefix = '', from = '', to = ''] = range;
    const width = from.length === to.length ? from.length : 0;
    for (let n = Number(from); n <= Number(to); n++) ids.push(`${prefix}${String(n).padStart(width, '0')}`);
  }
  return [...new Set(ids)];
}

/** The tenant's store IDs, for "all stores" and for telling "42" from an unknown store. */
export interface StoreDirectory {
  /** Every external ID, or `undefined` when they cannot be known. */
  list(): Promise<string[] | undefined>;
}

/** How a server that lacks an extension (or the key's right to it) refuses it: then the documented way holds. */
const REFUSALS: readonly number[] = [401, 403, 404, 405, 501];

/**
 * The Partner API has no location list in production: the directory asks the sandbox's `/sandbox/locations`
 * only where the base URL is known to be a sandbox (`client.sandbox.isSandbox()`), and otherwise, or once that
 * is refused, gives the configured list (a `MUSIQUE_STORES` setting, say).
 */
export function createStoreDirectory(
  client: PortableMusiqueClient,
  configured?: readonly string[],
  options: { cacheMs?: number; now?: () => number } = {},
): StoreDirectory {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { ids: string[] | undefined; at: number } | undefined;
  let askSandbox: boolean | undefined = configured === undefined ? undefined : false;
  return {
    async list() {
      if (cached && now() - cached.at < cacheMs) return cached.ids;
      let ids = configured ? [...configured] : undefined;
      askSandbox ??= await client.sandbox.isSandbox();
      if (askSandbox) {
        try {
          ids = (await client.sandbox.locations()).data.map((location) => location.externalId);
        } catch (error) {
          // A gateway, a key without the right, a server without the extension: stop asking.
          if (!(error instanceof MusiqueError && REFUSALS.includes(error.status ?? 0))) throw error;
          askSandbox = false;
        }
      }
      cached = { ids, at: now() };
      return ids;
    },
  };
}
