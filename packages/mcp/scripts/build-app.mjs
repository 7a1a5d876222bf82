// Builds the MCP App (app/) into one HTML file, dist/app/musique-app.html: the script and style inline, nothing
// fetched from anywhere, so it loads offline and its CSP can pin both by hash. esbuild (no compiler needed).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const appDir = path.join(packageDir, 'app');
// Beside the npm build (dist/) and the .mcpb bundle's server (dist/mcpb/): each finds it next to itself.
const outFiles = ['dist', 'dist/mcpb'].map((dir) => path.join(packageDir, dir, 'app', 'musique-app.html'));

/**
 * zod (under the SDK's client) re-exports every language's error messages as a namespace, which no bundler can
 * drop; the app shows no zod messages to anyone, so that namespace is empty here (about 300 KB less).
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(build) {
    build.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};' }));
  },
};

const { outputFiles } = await build({
  plugins: [noZodLocales],
  entryPoints: [path.join(appDir, 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  write: false,
});
const script = outputFiles[0].text.replaceAll('</script', '<\\/script');
const style = (await readFile(path.join(appDir, 'style.css'), 'utf8')).replace(/\s*\n\s*/g, '');
// Replaced by functions: a minified script is full of `$'` and `$&`, which a replacement string would expand.
const page = (await readFile(path.join(appDir, 'index.html'), 'utf8'))
  .replace(/\s*<!-- style and script[^>]*-->/, () => `<style>${style}</style>`)
  .replace('</body>', () => `<script>${script}</script></body>`);

for (const outFile of outFiles) {
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, page);
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `MCP App: ${path.relative(packageDir, outFiles[0])} ${kb(Buffer.byteLength(page))} (${kb(gzipSync(page).length)} gzipped)`,
);
