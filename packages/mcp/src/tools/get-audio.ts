import { operations, parseInput } from '@musique/core';
import { type McpTool, success } from './tool.js';

/** get_audio: one audio, by ID or name, with its play statistics. */
export const getAudio: McpTool = {
  operation: operations.getAudio,
  async run(input, { audioOf }) {
    const { audio } = parseInput(operations.getAudio, input);
    return success(await audioOf(audio));
  },
};
