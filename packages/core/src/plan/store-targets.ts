import { contractLimits } from '../generated/contract.js';
import { expandStoreRanges, resolveStores, type StoreDirectory } from '../stores.js';

/** Named store groups, "paris" → its external IDs: configured once (MUSIQUE_STORE_GROUPS), read by every surface. */
export type StoreGroups = Readonly<Record<string, readonly string[]>>;

/** The stores a send reaches, and how a person would name them back. */
export interface StoreTargets {
  externalIds: string[];
  everyStore: boolean;
  /** The groups named, each with how many stores it holds. */
  groups: { name: string; count: number }[];
  /** Stores named one by one (or by a range), beside the groups. */
  stores: string[];
}

export type StoreRefusal =
  | { kind: 'unknown-stores'; unknown: string[]; message: string }
  | { kind: 'no-stores'; message: string };

const MAX_STORES = contractLimits.sendAudio.externalIds.maxItems;
const MAX_ID_LENGTH = contractLimits.sendAudio.externalIds.items.maxLength;
const EVERY_STORE = /^(?:all|all stores|every store|everywhere|\*)$/i;
// Words a person puts around group and store names: "the Paris stores", "region north", "stores 12 and 42".
const FILLER = /^(?:the|stores?|shops?|region|regions|group|groups|in|to)$/i;
const NUMBER_RANGE = /^(?:store\s*|#)?0*(\d+)\s*(?:-|–|to)\s*(?:store\s*|#)?0*(\d+)$/i;
const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u;

const groupKey = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .split(' ')
    .filter((word) => !FILLER.test(word))
    .join(' ');

/**
 * "paris = store_001-store_010; north = store_011, store_012": groups separated by `;` or new lines, each a
 * name, `=`, and store IDs with ranges as in MUSIQUE_STORES. A malformed part is refused by name, never skipped.
 */
export function parseStoreGroups(text: string): StoreGroups {
  const groups: Record<string, string[]> = {};
  for (const part of text
    .split(/[;\n]/)
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [rawName = '', list = ''] = part.split('=', 2).map((piece) => piece.trim());
    if (!part.includes('=') || !GROUP_NAME.test(rawName) || !list)
      throw new TypeError(
        `Store group "${part}" is not "name = stores": write it as paris = store_001-store_010; north = store_011, store_012.`,
      );
    const key = groupKey(rawName);
    if (!key) throw new TypeError(`Store group "${rawName}" needs a name other than words like "stores".`);
    if (groups[key]) throw new TypeError(`Store group "${rawName}" is defined twice.`);
    groups[key] = expandStoreRanges(list);
  }
  return groups;
}

/**
 * Store references as people and workflows give them ("42", "12, 42", "12-20", "store_001-store_010", "the Paris
 * stores", "all") as the company's external IDs. Groups come from `groups`; numbers and "all" are checked against
 * the directory when it knows the stores, so an unknown one is refused before anything is sent.
 */
export async function resolveStoreTargets(
  references: string | readonly string[],
  options: { directory?: StoreDirectory; groups?: StoreGroups; storeFormat?: string } = {},
): Promise<{ ok: true; targets: StoreTargets } | { ok: false; refusal: StoreRefusal }> {
  const groups = options.groups ?? {};
  const chunks = (typeof references === 'string' ? [references] : references)
    .flatMap((text) => String(text).split(/\s*(?:,|;|\n|\band\b|&)\s*/i))
    .map((chunk) => chunk.trim())
    .filter(Boolean);
  const known = await options.directory?.list();
  if (chunks.length === 1 && EVERY_STORE.test(chunks[0] ?? '')) {
    if (!known?.length)
      return refuse(
        'no-stores',
        'There is no list of your stores to send to all of them; name the stores or a group instead.',
      );
    return accept({ externalIds: [...known], everyStore: true, groups: [], stores: [] });
  }
  const named: { name: string; count: number }[] = [];
  const wanted: string[] = [];
  /** Takes the group `text` names, if it names one: "the Paris stores" whole, or "paris" as one word. */
  const takeGroup = (text: string): boolean => {
    const group = groupNamed(text, groups);
    if (group) {
      named.push({ name: group.name, count: group.ids.length });
      wanted.push(...group.ids);
    }
    return group !== undefined;
  };
  for (const chunk of chunks) {
    if (takeGroup(chunk)) continue;
    const range = NUMBER_RANGE.exec(chunk);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from >= MAX_STORES)
        return refuse(
          'unknown-stores',
          `${chunk} is not a range of stores: write the lower number first, at most ${MAX_STORES} stores.`,
          [chunk],
        );
      for (let n = from; n <= to; n++) wanted.push(String(n));
      continue;
    }
    // store_001-store_010, kept zero-padded as MUSIQUE_STORES writes it; an ID such as paris-hq stays whole.
    if (/^\S+-\S+$/.test(chunk)) {
      wanted.push(...expandStoreRanges(chunk));
      continue;
    }
    for (const word of chunk.split(/\s+/)) if (!FILLER.test(word) && !takeGroup(word)) wanted.push(word);
  }
  // The catalog's stores rule: no store ID is this long, and the refusal must not echo a pasted page back.
  const tooLong = wanted.find((reference) => reference.length > MAX_ID_LENGTH);
  if (tooLong)
    return refuse(
      'unknown-stores',
      `"${tooLong.slice(0, 20)}…" is too long for a store ID. Nothing was sent.`,
      [tooLong.slice(0, MAX_ID_LENGTH)],
    );
  const { externalIds, unknown } = resolveStores(wanted, {
    ...(known ? { known } : {}),
    ...(options.storeFormat ? { pattern: options.storeFormat } : {}),
  });
  if (unknown.length > 0) {
    const sample = known?.slice(0, 3).join(', ');
    const groupNames = Object.keys(groups);
    const hints = [
      sample ? `your stores are named like ${sample}` : '',
      groupNames.length ? `your groups are ${groupNames.join(', ')}` : '',
    ].filter(Boolean);
    return refuse(
      'unknown-stores',
      `No store matches ${unknown.join(', ')}${hints.length ? `: ${hints.join('; ')}` : ''}. Nothing was sent.`,
      unknown,
    );
  }
  if (externalIds.length === 0)
    return refuse('no-stores', 'Say which stores should play it, such as 42, 12-20, a group name or all.');
  if (externalIds.length > MAX_STORES)
    return refuse(
      'no-stores',
      `A send reaches at most ${MAX_STORES.toLocaleString('en-US')} stores; this one names ${externalIds.length}. Split it.`,
    );
  const inGroups = new Set(named.flatMap(({ name }) => groups[name] ?? []));
  const stores = externalIds.filter((id) => !inGroups.has(id));
  return accept({ externalIds, everyStore: false, groups: dedupe(named), stores });
}

/**
 * "all 50 stores", "Paris (10 stores) and store_042", "store_012 and store_042", "14 stores (store_001, …)": the
 * stores in a person's words, for questions and answers on every surface.
 */
export function describeStoreTargets(targets: StoreTargets): string {
  if (targets.everyStore) return `all ${targets.externalIds.length} stores`;
  const items = targets.groups.map(
    ({ name, count }) => `${titleCase(name)} (${count} ${count === 1 ? 'store' : 'stores'})`,
  );
  const { stores } = targets;
  if (stores.length > 3)
    items.push(`${stores.length} stores (${stores.slice(0, 5).join(', ')}${stores.length > 5 ? ', …' : ''})`);
  else items.push(...stores);
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? 'no store');
}

function groupNamed(text: string, groups: StoreGroups): { name: string; ids: readonly string[] } | undefined {
  const key = groupKey(text);
  const ids = key ? groups[key] : undefined;
  return ids ? { name: key, ids } : undefined;
}

const titleCase = (name: string) => name.replace(/(^|\s)\p{L}/gu, (letter) => letter.toUpperCase());

const dedupe = (groups: { name: string; count: number }[]) =>
  groups.filter((group, index) => groups.findIndex((other) => other.name === group.name) === index);

const accept = (targets: StoreTargets) => ({ ok: true as const, targets });

function refuse(kind: StoreRefusal['kind'], message: string, unknown: string[] = []) {
  const refusal: StoreRefusal =
    kind === 'unknown-stores' ? { kind, unknown, message } : { kind: 'no-stores', message };
  return { ok: false as const, refusal };
}
