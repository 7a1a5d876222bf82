import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/bin.ts', testing: 'src/testing/index.ts' },
  format: ['cjs', 'esm'],
  dts: {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    compilerOptions: { composite: false }, // see core's tsup.config.ts
  },
  platform: 'node',
  target: 'node20',
  clean: true,
  shims: true,
  banner: { js: '#!/usr/bin/env node' },
  // The contract, the demo promos and the store wall's script and style travel with the build, so the published sandbox needs no checkout.
  onSuccess: async () => {
    await cp('../../shared/openapi/musique.openapi.yaml', 'dist/musique.openapi.yaml');
    for (const file of ['promo-summer-sale.mp3', 'promo-closing-time.mp3', 'announcement.mp3']) {
      await cp(`../../shared/fixtures/${file}`, `dist/seed-audio/${file}`);
    }
    for (const file of ['wall.js', 'wall.css'])
      await cp(`src/http/wall/browser/${file}`, `dist/wall/${file}`);
  },
});
