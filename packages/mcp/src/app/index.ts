/**
 * What the MCP App adds to the server, in one place: the `ui://` resource, the `_meta.ui.resourceUri` on the
 * tools whose results it shows, and its read-only store_status tool. A host without MCP Apps ignores the
 * `_meta` and reads the same text and structured results as before.
 */
import type { Tool } from '@modelcontextprotocol/server';
import { APP_TOOL_META, TOOLS_WITH_APP } from './resource.js';

export {
  APP_MIME_TYPE,
  APP_URI,
  appResourceListing,
  audioFileOrigin,
  readAppResource,
} from './resource.js';
export { STORE_STATUS_LIMIT, storeStatus, storeStatusTool } from './store-status.js';

/** The tool as listed, with the app's resource on it when the app shows its result. */
export const withApp = (tool: Tool): Tool =>
  (TOOLS_WITH_APP as readonly string[]).includes(tool.name)
    ? { ...tool, _meta: { ...tool._meta, ...APP_TOOL_META } }
    : tool;
