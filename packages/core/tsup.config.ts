import { defineConfig } from 'tsup';
import { packageVersionOnly } from '../../scripts/build/package-version.mjs';

// CommonJS for Zapier and n8n, ESM for everyone else, declarations for both.
export default defineConfig({
  // `@musique/core`: node.ts under the `node` condition, fetch.ts elsewhere; `/portable` is index.ts, the part of both
  // that reads no globals (n8n bundles only that).
  entry: {
    portable: 'src/index.ts',
    node: 'src/node.ts',
    fetch: 'src/fetch.ts',
    webhooks: 'src/webhooks.ts',
  },
  format: ['cjs', 'esm'],
  // composite (for the root's tsc -b) would make tsup's declaration build demand every file of the project
  dts: { compilerOptions: { composite: false } },
  platform: 'neutral',
  target: 'node20',
  clean: true,
  // One copy of each error class shared by every entry, so instanceof holds across them.
  splitting: true,
  external: ['form-data', /^node:/],
  esbuildPlugins: [packageVersionOnly()],
});
