import { operations, parseInput } from '@musique/core';
import { type McpTool, success } from './tool.js';

/** health: whether the API answers. */
export const health: McpTool = {
  operation: operations.health,
  async run(input, { client }) {
    parseInput(operations.health, input);
    return success(await client.system.health());
  },
};
