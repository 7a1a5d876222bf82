/**
 * The Copilot Studio connector signs in the way the MCP server's protected-resource metadata (RFC 9728) says:
 * read from a running server, not from our own constants.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HttpServer, metadataUrl, startHttpServer } from '@musique/mcp';
import { EXAMPLE_MCP } from '../src/generate/index.js';

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '../mcp-connector', file), 'utf8'));

let server: HttpServer;
let metadata: { resource: string; authorization_servers: string[]; scopes_supported: string[] };
beforeAll(async () => {
  const issuer = new URL(EXAMPLE_MCP.authorizationEndpoint).origin;
  server = await startHttpServer({
    oauth: { issuer, resource: EXAMPLE_MCP.resource, companyKey: 'msk_test_x' },
  });
  const path = new URL(metadataUrl(EXAMPLE_MCP.resource)).pathname;
  metadata = (await (await fetch(new URL(path, server.url))).json()) as typeof metadata;
});
afterAll(() => server.close());

test('one operation at the server endpoint, marked for Copilot Studio as streamable MCP', () => {
  const definition = read('apiDefinition.swagger.json');
  const resource = new URL(metadata.resource);
  expect(definition.host).toBe(resource.host);
  expect(Object.keys(definition.paths)).toEqual([resource.pathname]);
  expect(definition.paths[resource.pathname].post['x-ms-agentic-protocol']).toBe('mcp-streamable-1.0');
});

test("OAuth asks the server's authorization server for its scopes, with the server as the token's audience", () => {
  const definition = read('apiDefinition.swagger.json');
  const oauth = definition.securityDefinitions.oauth2;
  expect(Object.keys(oauth.scopes)).toEqual(metadata.scopes_supported);
  expect(definition.security).toEqual([{ oauth2: metadata.scopes_supported }]);
  for (const url of [oauth.authorizationUrl, oauth.tokenUrl])
    expect(metadata.authorization_servers).toContain(new URL(url).origin);
  const settings = read('apiProperties.json').properties.connectionParameters.token.oAuthSettings;
  expect(settings.scopes).toEqual(metadata.scopes_supported);
  const resource = `resource=${encodeURIComponent(metadata.resource)}`;
  expect(settings.customParameters.authorizationUrlQueryStringTemplate.value).toContain(resource);
  expect(settings.customParameters.tokenBodyTemplate.value).toContain(resource);
});
