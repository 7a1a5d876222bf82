export { CONNECTORS, connectorProblems, driftedFiles } from './checks/index.js';
export { type Contract, contractIn, readContract } from './generate/contract.js';
export { EXAMPLE_MCP, generateConnectors } from './generate/index.js';
export { mcpDefinition } from './generate/mcp-connector.js';
export { FIND, musiqueDefinition, TRIGGER } from './generate/musique-connector.js';
export { type McpSettings, mcpProperties, musiqueProperties } from './generate/properties.js';
export {
  ActionFailed,
  type Connection,
  ConnectorRuntime,
  evaluate,
  type RunContext,
} from './runtime/connector-runtime.js';
export { executeScript, SCRIPT } from './runtime/script-mirror.js';
