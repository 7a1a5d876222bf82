// pnpm --filter @musique/power-platform generate: rewrites connector/ and mcp-connector/ from the contract and
// the catalog. The files are committed (pac and the certification PR take them as they are); the drift test
// fails when they differ from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConnectors } from './generate/index.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [file, content] of Object.entries(generateConnectors(packageDir))) {
  const target = path.join(packageDir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${file}`);
}
