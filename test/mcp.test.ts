/**
 * The MCP Inspector's CLI mode, an outside client, drives the built musique-mcp over stdio: it lists the tools,
 * then calls send, and the promo is found on store_042's player. `@modelcontextprotocol/inspector --cli` runs
 * this same package (`@modelcontextprotocol/inspector-cli`), which installs on Node 20 without the web UI.
 */
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { client } from './client';
import { receivedBy } from './stores';
import { inspectMcp } from './surfaces';

const fixture = join(__dirname, '../shared/fixtures/promo-summer-sale.mp3');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

const inspect = (...args: string[]) => inspectMcp(sandbox.apiKey, sandbox.baseUrl, ...args);

test('the Inspector lists the tools, then a send it calls plays on store_042', async () => {
  const { tools } = (await inspect('--method', 'tools/list')) as { tools: { name: string }[] };
  expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['send_audio', 'upload_audio']));

  const uploaded = await inspect(
    '--method',
    'tools/call',
    '--tool-name',
    'upload_audio',
    '--tool-arg',
    `file=${fixture}`,
    'name=Inspector Sale',
  );
  expect(uploaded).toMatchObject({ structuredContent: { name: 'Inspector Sale' } });
  const sent = await inspect(
    '--method',
    'tools/call',
    '--tool-name',
    'send_audio',
    '--tool-arg',
    'audio=Inspector Sale',
    'stores=["42"]',
    'priority=high',
  );
  expect(sent).toMatchObject({ structuredContent: { status: 'sent' } });
  expect((await receivedBy(sandbox, 'store_042')).map((item) => [item.name, item.priority])).toContainEqual([
    'Inspector Sale',
    'high',
  ]);
  expect(await client(sandbox).audio.findByName('Inspector Sale')).toHaveLength(1);
});
