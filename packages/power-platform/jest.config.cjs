module.exports = {
  ...require('../../jest.preset.cjs'),
  // ESM-only dependencies (jose and ext-apps through @musique/mcp, swagger-parser's ref parser): swc turns them
  // into CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/(jose|@apidevtools\\+json-schema-ref-parser|@modelcontextprotocol\\+ext-apps)@|jose/|@apidevtools/json-schema-ref-parser/|@modelcontextprotocol/ext-apps/))',
  ],
};
