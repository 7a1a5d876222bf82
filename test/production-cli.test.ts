/**
 * The CLI as a partner runs it in production: through a proxy that serves only the documented operations. Its
 * main journeys work there and no request goes to an undocumented path; behind a gateway that refuses the
 * sandbox's store list with a 403, a send by store number still works.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type ProductionProxy, startProductionProxy } from './production-proxy';
import { receivedBy } from './stores';

const musiqueBin = join(__dirname, '../packages/cli/dist/index.js');
const fixture = (name: string) => join(__dirname, '../shared/fixtures', name);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

async function musique(proxy: ProductionProxy, ...args: string[]) {
  const env = { ...process.env, MUSIQUE_API_KEY: sandbox.apiKey, MUSIQUE_BASE_URL: proxy.baseUrl };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [musiqueBin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('behind the production-shaped proxy', () => {
  let proxy: ProductionProxy;
  beforeAll(async () => {
    proxy = await startProductionProxy(sandbox.baseUrl);
  });
  afterAll(() => proxy.close());

  test('check the key, upload, list, send to store 42 and refuse store 999, all on documented paths', async () => {
    expect((await musique(proxy, 'health')).code).toBe(0);
    const uploaded = await musique(
      proxy,
      'upload',
      fixture('promo-summer-sale.mp3'),
      '--name',
      'Prod CLI Sale',
      '--category',
      'promotion',
    );
    expect(uploaded.code).toBe(0);
    const listed = await musique(proxy, 'list', '--name', 'Prod CLI Sale', '--json');
    expect(JSON.parse(listed.stdout).map((audio: { name: string }) => audio.name)).toEqual(['Prod CLI Sale']);

    const sent = await musique(proxy, 'send', 'Prod CLI Sale', '--to', '42', '--json');
    expect(sent.stderr).toBe('');
    expect(JSON.parse(sent.stdout)).toMatchObject({ status: 'sent' });
    expect((await receivedBy(sandbox, 'store_042')).map((item) => item.name)).toContain('Prod CLI Sale');

    const refused = await musique(proxy, 'send', 'Prod CLI Sale', '--to', '999');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('store_999');

    expect(proxy.undocumented()).toEqual([]);
    expect(proxy.asked.filter((request) => request.path.endsWith('/health'))).toHaveLength(1);
  });
});

test('a gateway refusing the store list with 403 does not stop a send by store number (it was exit 3)', async () => {
  const gateway = await startProductionProxy(sandbox.baseUrl, {
    refuseSandboxWith: 403,
    passSandboxMarker: true,
  });
  try {
    const sent = await musique(gateway, 'send', 'Summer Sale', '--to', '12', '--json');
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ status: 'sent' });
    expect(gateway.undocumented().map((request) => request.path)).toEqual([
      '/api/v1/integration/sandbox/locations',
    ]);
  } finally {
    await gateway.close();
  }
});

test('where the API ignores the list filters, the CLI lists only what was asked and says so', async () => {
  const ignoring = await startProductionProxy(sandbox.baseUrl, { ignoreListFilters: true });
  try {
    const listed = await musique(ignoring, 'list', '--category', 'announcement', '--json');
    expect(listed.code).toBe(0);
    const categories = JSON.parse(listed.stdout).map((audio: { category: string }) => audio.category);
    expect(categories.length).toBeGreaterThan(0);
    expect(new Set(categories)).toEqual(new Set(['announcement']));
    expect(listed.stderr).toContain('the API ignored the category filter');
  } finally {
    await ignoring.close();
  }
});
