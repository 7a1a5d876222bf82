/**
 * Several instances, no sticky sessions: two server processes sharing MUSIQUE_MCP_SECRET behind a front that
 * alternates between them; a confirmation asked on one is given on the other, and the store's player shows one
 * play.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { connect, promoFile, startBin, startFront, stop, text } from './processes.js';

let sandbox: Sandbox;
let instances: Awaited<ReturnType<typeof startBin>>[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const env = {
    MUSIQUE_BASE_URL: sandbox.baseUrl,
    MUSIQUE_MCP_SECRET: 'test secret shared by the instances',
  };
  instances = await Promise.all([startBin([], env), startBin([], env)]);
}, 60_000); // two processes starting on a busy machine
afterAll(async () => {
  await Promise.all(instances.map(({ child }) => stop(child)));
  await sandbox.stop();
});

const plays = async (externalId: string, name: string) => {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item?.name === name).length;
};

test('asked on one instance, confirmed on the other: the promo plays once, a repeat replays', async () => {
  const [one, two] = instances.map((instance) => instance.url);
  const headers = { 'X-API-Key': sandbox.apiKey };
  const asker = await connect(one ?? '', headers);
  await asker.call('upload_audio', {
    file: readFileSync(promoFile).toString('base64'),
    name: 'Two Instances',
  });
  const args = { audio: 'Two Instances', stores: ['45', '46'] };
  const asked = await asker.call('send_audio', args);
  expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
  const confirmationToken = String(asked.structuredContent?.confirmationToken);

  const confirmer = await connect(two ?? '', headers);
  const sent = await confirmer.call('send_audio', { ...args, confirmationToken });
  const again = await asker.call('send_audio', { ...args, confirmationToken });
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  expect(again.structuredContent?.sendId).toBe(sent.structuredContent?.sendId);
  expect([await plays('store_045', 'Two Instances'), await plays('store_046', 'Two Instances')]).toEqual([
    1, 1,
  ]);

  // The token is the asker's: another key of the same company cannot redeem it, nor can changed arguments.
  const stranger = await connect(two ?? '', { 'X-API-Key': await sandbox.createApiKey() });
  const borrowed = await stranger.call('send_audio', { ...args, confirmationToken });
  const changed = await confirmer.call('send_audio', { ...args, stores: ['45', '47'], confirmationToken });
  const forged = await confirmer.call('send_audio', { ...args, confirmationToken: `${confirmationToken}x` });
  await Promise.all([asker, confirmer, stranger].map(({ client }) => client.close()));
  expect(text(borrowed)).toMatch(/given to someone else/);
  expect(text(changed)).toMatch(/given for different arguments/);
  expect(text(forged)).toMatch(/not one this server gave/);
  expect(await plays('store_047', 'Two Instances')).toBe(0);
});

/** A load balancer with no sticky routing: each request goes to the next instance in turn. */
async function roundRobin(targets: string[]) {
  const served: number[] = [];
  const front = await startFront(() => {
    const at = served.length % targets.length;
    served.push(at);
    return new URL(targets[at] ?? '');
  });
  return { url: `${front.origin}/mcp`, served, close: front.close };
}

test('behind a front alternating between the instances, every request works and the promo plays once', async () => {
  const front = await roundRobin(instances.map((instance) => instance.url));
  // It could answer an elicitation, but no instance holds a question between requests: the token asks.
  const mcp = new Client({ name: 'balanced', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const questions: string[] = [];
  mcp.setRequestHandler(ElicitRequestSchema, async (request) => {
    questions.push(request.params.message);
    return { action: 'accept', content: { confirm: true } };
  });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(front.url), {
      requestInit: { headers: { 'X-API-Key': sandbox.apiKey } },
    }),
  );
  const call = async (name: string, args: Record<string, unknown>) =>
    (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  const tools = await mcp.listTools();
  const uploaded = await call('upload_audio', {
    file: readFileSync(promoFile).toString('base64'),
    name: 'Balanced Promo',
  });
  const found = await call('find_audio', { text: 'Balanced' });
  const args = { audio: 'Balanced Promo', stores: ['43', '44'] };
  const asked = await call('send_audio', args);
  const sent = await call('send_audio', {
    ...args,
    confirmationToken: asked.structuredContent?.confirmationToken,
  });
  await mcp.close();
  front.close();

  expect(tools.tools.map((tool) => tool.name)).toContain('send_audio');
  expect([uploaded.isError, found.isError, asked.isError, sent.isError]).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  expect(found.structuredContent?.data).toEqual([expect.objectContaining({ name: 'Balanced Promo' })]);
  expect(questions).toEqual([]);
  expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  expect(new Set(front.served)).toEqual(new Set([0, 1]));
  expect([await plays('store_043', 'Balanced Promo'), await plays('store_044', 'Balanced Promo')]).toEqual([
    1, 1,
  ]);
});
