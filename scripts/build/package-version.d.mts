/** Only `version` of the package.json in `packageDir` (the package being built) reaches the bundle. */
export function packageVersionOnly(packageDir?: string): { name: string; setup(build: unknown): void };
