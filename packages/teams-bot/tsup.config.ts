import { defineConfig } from 'tsup';
import { packageVersionOnly } from '../../scripts/build/package-version.mjs';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['cjs', 'esm'],
    dts: { compilerOptions: { composite: false } }, // see core's tsup.config.ts
    platform: 'node',
    target: 'node20',
    clean: true,
    esbuildPlugins: [packageVersionOnly()],
  },
  {
    // The runnable bot (`pnpm start`); ESM for top-level await.
    entry: { main: 'src/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    esbuildPlugins: [packageVersionOnly()],
  },
]);
