/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   build tooling, not node code: n8n's rule against Node imports in community nodes does not apply here. */
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { defineConfig } from 'tsup';
import { packageVersionOnly } from '../../scripts/build/package-version.mjs';

const entry = {
  'credentials/MusiqueApi.credentials': 'credentials/MusiqueApi.credentials.ts',
  'nodes/Musique/Musique.node': 'nodes/Musique/Musique.node.ts',
  'nodes/MusiqueTrigger/MusiqueTrigger.node': 'nodes/MusiqueTrigger/MusiqueTrigger.node.ts',
  'nodes/MusiqueSandboxTrigger/MusiqueSandboxTrigger.node':
    'nodes/MusiqueSandboxTrigger/MusiqueSandboxTrigger.node.ts',
};

// `n8n-node build` compiles with tsc and copies the icons; this pass then rewrites the files n8n loads as
// bundles with @musique/core inside, because a community node may have no runtime dependencies.
export default defineConfig({
  entry,
  outDir: 'dist',
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  clean: false,
  dts: false,
  sourcemap: true,
  noExternal: ['@musique/core', '@noble/hashes'],
  external: ['n8n-workflow'],
  esbuildPlugins: [packageVersionOnly()],
  // tsc's per-file output would still require @musique/core; only the bundles, icons and codex files ship.
  onSuccess: async () => {
    const bundles = new Set(Object.keys(entry));
    for (const file of await readdir('dist', { recursive: true })) {
      const stem = file.replace(/\.(js|js\.map|d\.ts)$/, '');
      // tsc also copies the package.json the transport reads its version from; the bundles carry the version.
      if ((stem !== file && !bundles.has(stem)) || file === 'package.json') await rm(`dist/${file}`);
      else if (file.endsWith('.d.ts')) await rm(`dist/${file}`);
    }
    // Deepest first, so a folder emptied above goes too.
    const folders = (await readdir('dist', { recursive: true, withFileTypes: true })).filter((e) =>
      e.isDirectory(),
    );
    for (const folder of folders
      .map((e) => `${e.parentPath}/${e.name}`)
      .sort((a, b) => b.length - a.length)) {
      if ((await readdir(folder)).length === 0) await rmdir(folder);
    }
    // What n8n can resolve for a community node: n8n-workflow and Node's own modules. Anything else fails the build.
    for (const bundle of bundles) {
      const code = await readFile(`dist/${bundle}.js`, 'utf8');
      const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
      const foreign = required.filter(
        (name) => name !== 'n8n-workflow' && !builtinModules.includes(name.replace(/^node:/, '')),
      );
      if (foreign.length)
        throw new Error(`dist/${bundle}.js requires ${foreign.join(', ')}: bundle it or drop it`);
    }
  },
});
