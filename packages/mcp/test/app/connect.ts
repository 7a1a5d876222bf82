/** The server under test, as an assistant's host meets it: a real MCP client on the real server and sandbox. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createStoreDirectory, MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { createMusiqueServer } from '../../src/index.js';

export async function connectHost(sandbox: Sandbox) {
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  // No elicitation: in an MCP Apps host the app's Confirm click is the person's answer.
  const server = createMusiqueServer({
    client,
    directory: createStoreDirectory(client),
    timeZone: 'Europe/Paris',
    elicitation: false,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const mcp = new Client({ name: 'musique-test-host', version: '1.0.0' });
  await mcp.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  return { mcp, call };
}
