import type { Audio } from './types.js';

/**
 * The list's filters, which the docs never published: the contract decides them (category, case-insensitive;
 * name, a case-insensitive substring), but production may ignore them. The client checks every result.
 */
export interface AudioFilters {
  category?: string | undefined;
  name?: string | undefined;
}

export type AudioFilterName = keyof AudioFilters;

const lower = (text: string) => text.trim().toLowerCase();

/** Whether an audio is what the filters ask for. */
export function matchesAudioFilters(audio: Audio, filters: AudioFilters): boolean {
  return filterNames(filters).every((name) => passes(audio, name, filters));
}

/** The filters a page shows the server did not apply: one of its audio does not match them. */
export function ignoredAudioFilters(page: readonly Audio[], filters: AudioFilters): AudioFilterName[] {
  return filterNames(filters).filter((name) => page.some((audio) => !passes(audio, name, filters)));
}

function filterNames(filters: AudioFilters): AudioFilterName[] {
  return (['category', 'name'] as const).filter((name) => lower(filters[name] ?? '') !== '');
}

function passes(audio: Audio, name: AudioFilterName, filters: AudioFilters): boolean {
  const wanted = lower(filters[name] ?? '');
  if (name === 'category') return lower(audio.category ?? '') === wanted;
  return audio.name.toLowerCase().includes(wanted);
}
