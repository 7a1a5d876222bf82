module.exports = {
  ...require('../../jest.preset.cjs'),
  // The MCP server's scopes come from @musique/mcp, whose jose ships ESM only: let swc turn it into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@|jose/))'],
};
