import { operations, parseInput } from '@musique/core';
import { type McpTool, success } from './tool.js';

/** limits: requests allowed, used and left for this key. */
export const limits: McpTool = {
  operation: operations.limits,
  async run(input, { client }) {
    parseInput(operations.limits, input);
    return success(await client.system.limits());
  },
};
