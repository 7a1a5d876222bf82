import { type AudioFilterName, operations, parseInput } from '@musique/core';
import { IGNORED_FILTERS_OUTPUT, ignoredFiltersNote } from './ignored-filters.js';
import { type McpTool, success } from './tool.js';

/** The answer stays short: the best matches first, and hasMore when there are others. */
const FIND_LIMIT = 20;

/** find_audio: audio by name, best match first. */
export const findAudio: McpTool = {
  operation: operations.findAudio,
  output: { extra: IGNORED_FILTERS_OUTPUT, required: ['data', 'hasMore'] },
  async run(input, { client, ignoredFilters }) {
    const { text, category } = parseInput(operations.findAudio, input);
    const matches = await client.audio.findByName(text, category ? { category } : {});
    const asked: AudioFilterName[] = category ? ['name', 'category'] : ['name'];
    return success({
      data: matches.slice(0, FIND_LIMIT),
      hasMore: matches.length > FIND_LIMIT,
      ...ignoredFiltersNote(
        asked.filter((filter) => ignoredFilters.has(filter)),
        ', reading the whole library',
      ),
    });
  },
};
