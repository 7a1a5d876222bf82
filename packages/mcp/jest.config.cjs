module.exports = {
  ...require('../../jest.preset.cjs'),
  // jose and ext-apps ship ESM only: let swc turn them into CommonJS like the sources.
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/jose@|jose/|\\.pnpm/@modelcontextprotocol\\+ext-apps@|@modelcontextprotocol/ext-apps/))',
  ],
};
