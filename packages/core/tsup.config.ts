import { defineConfig } from 'tsup';
import { packageVersionOnly } from '../../scripts/build/package-version.mjs';

// CommonJS for Zapier and n8n, ESM for everyone else, declarations for both.
export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts', webhooks: 'src/webhooks.ts' },
  format: ['cjs', 'esm'],
  // composite (for the root's tsc -b) would make tsup's declaration build demand every file of the project
  dts: { compilerOptions: { composite: false } },
  platform: 'neutral',
  target: 'node20',
  clean: true,
  // One copy of each error class shared by both entries, so instanceof holds across them.
  splitting: true,
  external: ['form-data', /^node:/],
  esbuildPlugins: [packageVersionOnly()],
});
