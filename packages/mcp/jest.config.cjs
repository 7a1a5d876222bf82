module.exports = {
  ...require('../../jest.preset.cjs'),
  // jose ships ESM only: let swc turn it into CommonJS like the sources.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@|jose/))'],
};
