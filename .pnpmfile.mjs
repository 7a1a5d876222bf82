// What `pnpm pack` and `pnpm publish` write into a package's published package.json: our workspace packages
// are bundled into what ships and never published, so no published manifest may name them; and the `./testing`
// entries (test harnesses for the workspace's own tests) point into test/, which never ships.
export const hooks = {
  beforePacking(pkg) {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(pkg[field] ?? {}))
        if (name.startsWith('@musique/')) delete pkg[field][name];
    }
    if (pkg.exports?.['./testing']) {
      delete pkg.exports['./testing'];
      if (Object.keys(pkg.exports).length === 0) delete pkg.exports;
    }
    return pkg;
  },
};
