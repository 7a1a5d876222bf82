// The store wall in a real browser: Debian's Chromium driven by playwright-core (scripts/install-system-deps.sh
// installs it; CI runs that script first).
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Sandbox } from '../src/index.js';
import { type ApiClient, apiClient, startTestSandbox } from './helpers.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// As root, without network: no sandbox, no GPU, and none of the background calls home. playwright-core
// adds --headless and a fresh temporary --user-data-dir of its own on every launch.
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let sb: Sandbox;
let api: ApiClient;
let browser: Browser;
let promo: { audioId: string; name: string };

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}: the store wall's browser test needs it. Run \`bash scripts/install-system-deps.sh\` (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const [started, launched] = await Promise.allSettled([
    startTestSandbox({ seed: 'demo' }),
    chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags }),
  ]);
  if (started.status === 'fulfilled') sb = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const result of [started, launched]) if (result.status === 'rejected') throw result.reason;
  api = apiClient(sb.baseUrl, sb.apiKey);
  const list = await api.get('/audio?name=Summer%20Sale');
  promo = list.body.data[0];
});

afterAll(async () => {
  await browser?.close();
  await sb?.stop();
});

async function openWall(key: string): Promise<Page> {
  const page = await browser.newPage();
  // Inside Jest's 20 s, so a tile that never updates fails with Playwright's own message.
  page.setDefaultTimeout(8000);
  await page.goto(`${sb.url}/sandbox/wall#key=${key}`);
  return page;
}

const tile = (page: Page, store: string) => page.locator(`[data-store="${store}"]`);

test('a send appears on the store tile without a reload, with its priority, queue and schedule', async () => {
  const page = await openWall(sb.apiKey);
  await tile(page, 'store_042').waitFor();
  await page.locator('#status.live').waitFor();
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
  expect(await tile(page, 'store_042').locator('.now .idle').textContent()).toBe('silent');

  const sent = await api.post(`/audio/${promo.audioId}/send`, {
    externalIds: ['store_042'],
    priority: 'high',
  });
  expect(sent.status).toBe(201);
  await tile(page, 'store_042').locator('.now .name', { hasText: promo.name }).waitFor();
  expect(await tile(page, 'store_042').locator('.now .badge').textContent()).toBe('high');

  await api.post(`/audio/${promo.audioId}/send`, { externalIds: ['store_042'], priority: 'low', repeat: 2 });
  await tile(page, 'store_042').locator('.queue li', { hasText: promo.name }).waitFor();
  expect(await tile(page, 'store_042').locator('.queue li').textContent()).toContain('x2');

  await api.post(`/audio/${promo.audioId}/send`, {
    externalIds: ['store_042'],
    scheduleAt: '2099-01-01T09:00:00Z',
  });
  await tile(page, 'store_042').locator('.scheduled li', { hasText: promo.name }).waitFor();
  expect(await tile(page, 'store_042').locator('.scheduled .label').textContent()).toBe('Scheduled (1)');

  // Other stores did not receive anything, the page is the one first loaded, and the key left the URL.
  expect(await tile(page, 'store_041').locator('.now .idle').textContent()).toBe('silent');
  expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(page.url()).toBe(`${sb.url}/sandbox/wall`);
  await page.close();
});

test("the wall shows only the stores of the key's company", async () => {
  const other = await sb.createCompany({ name: 'North Shops', externalIds: ['north_1', 'north_2'] });
  const page = await openWall(other.apiKey);
  await tile(page, 'north_2').waitFor();
  expect(await page.locator('.tile').count()).toBe(2);
  expect(await page.locator('#count').textContent()).toBe('2 stores');
  await page.close();
});

test('a refused key brings back the sign-in form with the reason', async () => {
  const page = await openWall(`msk_dev_${'0'.repeat(32)}`);
  await page.locator('#login-error', { hasText: 'not valid' }).waitFor();
  expect(await page.locator('#login').isVisible()).toBe(true);
  expect(await page.locator('.tile').count()).toBe(0);
  await page.close();
});
