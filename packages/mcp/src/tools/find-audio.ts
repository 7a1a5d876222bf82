import { operations, parseInput } from '@musique/core';
import { type McpTool, success } from './tool.js';

/** The answer stays short: the best matches first, and hasMore when there are others. */
const FIND_LIMIT = 20;

/** find_audio: audio by name, best match first. */
export const findAudio: McpTool = {
  operation: operations.findAudio,
  async run(input, { client }) {
    const { text, category } = parseInput(operations.findAudio, input);
    const matches = await client.audio.findByName(text, category ? { category } : {});
    return success({ data: matches.slice(0, FIND_LIMIT), hasMore: matches.length > FIND_LIMIT });
  },
};
