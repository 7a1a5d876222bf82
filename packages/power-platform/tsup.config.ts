import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts', compilerOptions: { composite: false } }, // see core's tsup.config.ts
  platform: 'node',
  target: 'node20',
  clean: true,
});
