import { defineConfig } from 'tsup';

/**
 * The `.mcpb` bundle's server: bin.ts with every dependency inside one file, so the bundle ships no
 * node_modules (the workspace's hold dev dependencies and links). CommonJS dependencies (form-data) still
 * `require` Node's modules, which an ES module must be given.
 */
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  outDir: 'dist/mcpb',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  clean: true,
  shims: true, // __dirname, to find the MCP App's page beside the bundle
});
