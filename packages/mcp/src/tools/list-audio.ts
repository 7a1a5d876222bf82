import { operations, parseInput } from '@musique/core';
import { IGNORED_FILTERS_OUTPUT, ignoredFiltersNote } from './ignored-filters.js';
import { type McpTool, success } from './tool.js';

/** list_audio: the library newest first, a page at a time; nextCursor out, cursor in. */
export const listAudio: McpTool = {
  operation: operations.listAudio,
  input: { cursor: { type: 'string', description: "The previous page's nextCursor, for the next page." } },
  output: {
    extra: {
      nextCursor: { type: 'string', description: 'Give it as cursor for the next page; absent on the last.' },
      ...IGNORED_FILTERS_OUTPUT,
    },
    required: ['data', 'hasMore'],
  },
  async run({ cursor, ...input }, { client }) {
    const values = parseInput(operations.listAudio, input);
    const page = await client.audio.list({ ...values, ...(typeof cursor === 'string' ? { cursor } : {}) });
    return success({
      data: page.data,
      hasMore: page.hasMore,
      ...(page.hasMore && page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      ...ignoredFiltersNote(
        page.ignoredFilters,
        ', so a page may hold fewer than asked, even none, while hasMore says more follow',
      ),
    });
  },
};
