/** `pnpm start`'s script: the demo starts, stops cleanly on Ctrl-C, and a second start keeps the data. */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MusiqueClient } from '@musique/core';

const script = join(__dirname, '../scripts/start.mjs');
let data: string;

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'musique-start-'));
});
afterAll(() => rm(data, { recursive: true, force: true }));

/** Starts the demo on free ports and waits for its banner. */
async function startDemo(): Promise<{
  demo: ChildProcess;
  banner: string;
  baseUrl: string;
  apiKey: string;
  botUrl: string;
}> {
  const demo = spawn(process.execPath, [script], {
    env: { ...process.env, MUSIQUE_DATA: data, SANDBOX_PORT: '0', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    demo.stdout?.on('data', (chunk) => {
      banner += chunk;
      if (banner.includes('Ctrl-C stops everything')) resolve();
    });
    demo.stderr?.on('data', (chunk) => reject(new Error(String(chunk))));
    demo.on('exit', (code) => reject(new Error(`the demo exited with ${code}: ${banner}`)));
  });
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(banner)?.[1] ?? '';
  return {
    demo,
    banner,
    baseUrl: field('Sandbox API'),
    apiKey: field('API key'),
    botUrl: field('Teams bot'),
  };
}

const stop = (demo: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    demo.on('exit', (code) => resolve(code));
    demo.kill('SIGINT');
  });

test('the demo prints what to try, stops on Ctrl-C and keeps its data for the next start', async () => {
  const first = await startDemo();
  expect(first.banner).toContain('send promo to store 42');
  const client = new MusiqueClient({ apiKey: first.apiKey, baseUrl: first.baseUrl });
  const promos = await client.audio.list({ category: 'promotion' });
  expect(promos.data.length).toBeGreaterThan(0);
  const data = new Uint8Array(await readFile(join(__dirname, '../shared/fixtures/announcement.mp3')));
  await client.audio.upload({ file: { filename: 'kept.mp3', data }, name: 'Kept across restarts' });
  // Tries 1 and 2 of the banner, run exactly as printed, put the new promo in stores 12 and 42.
  const tries = first.banner.split('\n').filter((line) => /^\s+(curl|MUSIQUE_API_KEY=)/.test(line));
  expect(tries).toHaveLength(3);
  for (const command of tries.slice(0, 2))
    execSync(command.trim(), { cwd: join(__dirname, '..'), stdio: 'pipe' });
  for (const store of ['store_012', 'store_042']) {
    const player = await client.sandbox.player(store);
    expect([player.nowPlaying, ...player.queue].map((item) => item?.name)).toContain('Weekend Deal');
  }

  // The store wall is served, and the bot is up beside the sandbox.
  const wall = /Store wall\s+(\S+)/.exec(first.banner)?.[1] ?? '';
  expect(wall).toContain(`#key=${first.apiKey}`);
  const page = await fetch(wall);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await (await fetch(new URL('/', first.botUrl))).text()).toContain('Musique Teams bot');

  // The assistant snippet, used as an assistant would: its server answers over stdio with the demo key.
  const snippet = JSON.parse(/^ {5}(\{[\s\S]*?\n {5}\})$/m.exec(first.banner)?.[1] ?? '{}');
  const { command, args, env } = snippet.mcpServers.musique;
  const assistant = new Client({ name: 'assistant', version: '1.0.0' });
  await assistant.connect(
    new StdioClientTransport({ command: command === 'node' ? process.execPath : command, args, env }),
  );
  const health = await assistant.callTool({ name: 'health', arguments: {} });
  await assistant.close();
  expect(health).toMatchObject({ structuredContent: { status: 'healthy' } });
  expect(await stop(first.demo)).toBe(0);

  const second = await startDemo();
  try {
    expect(second.apiKey).toBe(first.apiKey);
    const again = new MusiqueClient({ apiKey: second.apiKey, baseUrl: second.baseUrl });
    expect((await again.audio.findByName('Kept across restarts')).map((a) => a.name)).toEqual([
      'Kept across restarts',
    ]);
    // The seed is not added twice: the seed's promos and the one the first try uploaded.
    expect((await again.audio.list({ category: 'promotion' })).data).toHaveLength(promos.data.length + 1);
  } finally {
    expect(await stop(second.demo)).toBe(0);
  }
});
