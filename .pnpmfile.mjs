// What `pnpm pack` and `pnpm publish` write into a package's published package.json: our workspace packages
// are bundled into what ships and never published, so no published manifest may name them.
export const hooks = {
  beforePacking(pkg) {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(pkg[field] ?? {}))
        if (name.startsWith('@musique/')) delete pkg[field][name];
    }
    return pkg;
  },
};
