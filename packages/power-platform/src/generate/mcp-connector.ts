/**
 * The MCP connector for Copilot Studio: one operation, POST to the MCP server's endpoint, marked with
 * `x-ms-agentic-protocol: mcp-streamable-1.0`; Copilot Studio lists the server's tools itself. Sign-in is OAuth
 * 2.0 (authorization code) against the issuer the server's protected-resource metadata names, with its scopes.
 */
import type { Json } from './contract.js';
import { sentence } from './fields.js';
import type { McpSettings } from './properties.js';

export function mcpDefinition(settings: McpSettings & { scopeMeanings: Record<string, string> }): Json {
  const url = new URL(settings.resource);
  return {
    swagger: '2.0',
    info: {
      title: 'Musique MCP',
      description: sentence(
        'Lets a Copilot Studio agent find, upload and send in-store audio through the Musique MCP server.',
        'It reads store numbers, names, groups and times as every Musique surface does, and asks before a send to several stores.',
      ),
      version: '1.0.0',
      contact: { name: 'Musique support', email: 'support@musique.app', url: 'https://musique.app' },
    },
    host: url.host,
    basePath: '/',
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json', 'text/event-stream'],
    paths: {
      [url.pathname]: {
        post: {
          operationId: 'InvokeMusiqueMCP',
          summary: 'Musique in-store audio',
          description:
            'The Musique MCP server over Streamable HTTP: its tools list, find, upload and send audio.',
          'x-ms-agentic-protocol': 'mcp-streamable-1.0',
          'x-ms-visibility': 'important',
          parameters: [],
          responses: {
            '200': {
              description: 'A JSON-RPC message from the MCP server.',
              schema: {
                type: 'object',
                properties: {
                  jsonrpc: { type: 'string', 'x-ms-summary': 'JSON-RPC Version', description: 'Always 2.0.' },
                  id: {
                    type: 'string',
                    'x-ms-summary': 'Request ID',
                    description: 'The request this answers.',
                  },
                  result: {
                    type: 'object',
                    'x-ms-summary': 'Result',
                    description: 'What the method returned.',
                  },
                  error: { type: 'object', 'x-ms-summary': 'Error', description: 'Why the method failed.' },
                },
              },
            },
          },
        },
      },
    },
    definitions: {},
    parameters: {},
    responses: {},
    securityDefinitions: {
      oauth2: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: settings.authorizationEndpoint,
        tokenUrl: settings.tokenEndpoint,
        scopes: Object.fromEntries(
          settings.scopes.map((scope) => [scope, settings.scopeMeanings[scope] ?? scope]),
        ),
      },
    },
    security: [{ oauth2: [...settings.scopes] }],
    tags: [],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: 'https://musique.app' },
      { propertyName: 'Privacy policy', propertyValue: 'https://musique.app/privacy' },
      { propertyName: 'Categories', propertyValue: 'AI;Marketing' },
    ],
  };
}
