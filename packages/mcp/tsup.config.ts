import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts', compilerOptions: { composite: false } }, // see core's tsup.config.ts
  platform: 'node',
  target: 'node20',
  clean: true,
  shims: true, // __dirname, to find the MCP App's page beside the bundle
});
