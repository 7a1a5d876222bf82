import type { AudioFilterName } from '@musique/core';

/** What list_audio and find_audio add to their result when the API ignored a filter and the client applied it. */
export const IGNORED_FILTERS_OUTPUT = {
  ignoredFilters: {
    type: 'array',
    items: { type: 'string', enum: ['name', 'category'] },
    description: 'The filters the Musique API ignored; the results were filtered here instead.',
  },
  note: { type: 'string', description: 'What ignoredFilters means for these results, in a sentence.' },
};

/** Nothing when every filter was applied by the API; else which were not, and what that means here. */
export function ignoredFiltersNote(ignored: readonly AudioFilterName[], consequence: string) {
  if (ignored.length === 0) return {};
  const which = ignored.join(' and ');
  return {
    ignoredFilters: [...ignored],
    note: `The Musique API ignored the ${which} filter${ignored.length > 1 ? 's' : ''}; the results were filtered here instead${consequence}.`,
  };
}
