// A package reads its own version from its package.json (`import packageJson from '../package.json' with
// { type: 'json' }`), which tsc, jest and Node all understand. Bundled as is, the whole file (scripts,
// devDependencies) would ship inside every bundle that imports it, the core's inside Zapier's and n8n's; this
// esbuild plugin for tsup hands the bundle the version alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Only `version` of the package.json in `packageDir` (the package being built) reaches the bundle. */
export function packageVersionOnly(packageDir = process.cwd()) {
  const own = path.join(packageDir, 'package.json');
  return {
    name: 'package-version-only',
    setup(build) {
      build.onLoad({ filter: /[\\/]package\.json$/ }, async (args) => {
        if (path.resolve(args.path) !== own) return undefined;
        const { version } = JSON.parse(await readFile(own, 'utf8'));
        return { contents: JSON.stringify({ version }), loader: 'json' };
      });
    },
  };
}
