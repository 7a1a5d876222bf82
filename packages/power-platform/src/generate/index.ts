/**
 * Every file of both connectors, generated from the contract and the catalog: what `pnpm generate` writes and
 * what the drift test and the gate compare with the committed copies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEND_TIME_GRACE_MINUTES } from '@musique/core';
import { SCOPES } from '@musique/mcp';
import { contractIn, readContract } from './contract.js';
import { drawIcon } from './icon.js';
import { mcpDefinition } from './mcp-connector.js';
import { musiqueDefinition } from './musique-connector.js';
import { type McpSettings, mcpProperties, musiqueProperties } from './properties.js';

/** Placeholders an operator replaces (README: "Copilot Studio"); the shapes are what the checks judge. */
export const EXAMPLE_MCP: McpSettings = {
  resource: 'https://mcp.musique.example/mcp',
  authorizationEndpoint: 'https://login.musique.example/authorize',
  tokenEndpoint: 'https://login.musique.example/token',
  scopes: [SCOPES.read, SCOPES.send],
};

/** What each scope lets Copilot Studio do, as the MCP server grants it (read tools, or those that change). */
const SCOPE_MEANINGS: Record<string, string> = {
  [SCOPES.read]: 'List and find audio, check health and limits.',
  [SCOPES.send]: 'Upload, send and delete audio.',
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** script.csx with the core's numbers filled in, so the C# applies the core's rule, not a copy of its value. */
export function scriptFrom(template: string): string {
  return template.replaceAll('__SEND_TIME_GRACE_MINUTES__', String(SEND_TIME_GRACE_MINUTES));
}

/**
 * Relative path (under the package) to content, for both connectors. `packageDir` is this package's folder; a
 * test may give another contract or script to see what a change does.
 */
export function generateConnectors(
  packageDir: string,
  options: { contract?: string; mcp?: McpSettings; script?: string } = {},
): Record<string, string | Buffer> {
  const contract = readContract(options.contract ?? contractIn(packageDir));
  const mcp = options.mcp ?? EXAMPLE_MCP;
  return {
    'connector/apiDefinition.swagger.json': json(musiqueDefinition(contract)),
    'connector/apiProperties.json': json(musiqueProperties()),
    'connector/icon.png': drawIcon(),
    'connector/script.csx': scriptFrom(
      options.script ?? readFileSync(join(packageDir, 'src/script.template.csx'), 'utf8'),
    ),
    'mcp-connector/apiDefinition.swagger.json': json(
      mcpDefinition({ ...mcp, scopeMeanings: SCOPE_MEANINGS }),
    ),
    'mcp-connector/apiProperties.json': json(mcpProperties(mcp)),
    'mcp-connector/icon.png': drawIcon(),
  };
}
