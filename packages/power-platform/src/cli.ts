// pnpm --filter @musique/power-platform generate: rewrites connector/ and mcp-connector/ from the contract and
// the catalog. The files are committed (pac and the certification PR take them as they are); the drift test
// fails when they differ from what this writes.
//
// For your own MCP server: node dist/cli.js --out <folder> --mcp-url https://mcp.example.com/mcp
//   --authorization-endpoint https://login.example.com/authorize --token-endpoint https://login.example.com/token
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXAMPLE_MCP, generateConnectors } from './generate/index.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'mcp-url': { type: 'string' },
    'authorization-endpoint': { type: 'string' },
    'token-endpoint': { type: 'string' },
  },
});
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mcp = {
  ...EXAMPLE_MCP,
  resource: values['mcp-url'] ?? EXAMPLE_MCP.resource,
  authorizationEndpoint: values['authorization-endpoint'] ?? EXAMPLE_MCP.authorizationEndpoint,
  tokenEndpoint: values['token-endpoint'] ?? EXAMPLE_MCP.tokenEndpoint,
};
const changed = mcp.resource !== EXAMPLE_MCP.resource || mcp.tokenEndpoint !== EXAMPLE_MCP.tokenEndpoint;
if (changed && !values.out) {
  console.error(
    'Give --out <folder> with your own MCP settings: the committed folders keep the example ones.',
  );
  process.exit(2);
}
const target = path.resolve(values.out ?? packageDir);
for (const [file, content] of Object.entries(generateConnectors(packageDir, { mcp }))) {
  mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
  writeFileSync(path.join(target, file), content);
  console.log(`wrote ${path.join(target, file)}`);
}
