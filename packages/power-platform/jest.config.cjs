module.exports = {
  ...require('../../jest.preset.cjs'),
  // ESM-only dependencies (jose through @musique/mcp, swagger-parser's ref parser): swc turns them into CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/(jose|@apidevtools\\+json-schema-ref-parser)@|jose/|@apidevtools/json-schema-ref-parser/))',
  ],
};
