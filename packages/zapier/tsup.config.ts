import { defineConfig } from 'tsup';
import { packageVersionOnly } from '../../scripts/build/package-version.mjs';

export default defineConfig({
  // The app, and the sandbox build of it (scripts/build-zip.mjs --sandbox).
  entry: { index: 'src/index.ts', sandbox: 'src/sandbox.ts' },
  // Zapier's CommonJS wrapper requires ./index.js, which re-exports this.
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  clean: true,
  // The core (and its form-data) travel inside dist, so the deployed bundle needs only zapier-platform-core.
  noExternal: ['@musique/core', '@noble/hashes'],
  external: ['zapier-platform-core'],
  // The app's version comes from package.json; nothing else of it ships.
  esbuildPlugins: [packageVersionOnly()],
});
