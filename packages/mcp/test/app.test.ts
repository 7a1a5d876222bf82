// The MCP App in Debian's Chromium (playwright-core), inside a minimal host built on ext-apps' AppBridge
// (test/app/host.browser.ts), with a real MCP client on the real server and a real sandbox: what a person in an
// MCP Apps host sees, hears and clicks. UPDATE_SCREENSHOTS=1 writes the three views to docs/.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import type { Browser, FrameLocator } from 'playwright-core';
import { APP_MIME_TYPE, APP_URI } from '../src/app/index.js';
import { hostPage, launchChromium } from './app/chromium.js';
import { connectHost } from './app/connect.js';

const docs = path.join(__dirname, '..', 'docs');
const screenshot = (app: FrameLocator, name: string) =>
  process.env.UPDATE_SCREENSHOTS
    ? app.locator('body').screenshot({ path: path.join(docs, `${name}.png`) })
    : Promise.resolve();

let sandbox: Sandbox;
let mcp: Client;
let call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
let browser: Browser;
let host: string;
let html: string;

beforeAll(async () => {
  const [started, launched, page] = await Promise.allSettled([
    startSandbox({ port: 0, memory: true, seed: 'demo' }),
    launchChromium(),
    hostPage(),
  ]);
  if (started.status === 'fulfilled') sandbox = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (page.status === 'fulfilled') host = page.value;
  for (const result of [started, launched, page]) if (result.status === 'rejected') throw result.reason;
  ({ mcp, call } = await connectHost(sandbox));
  const read = await mcp.readResource({ uri: APP_URI });
  const [content] = read.contents;
  html = content && 'text' in content ? content.text : '';
});

afterAll(async () => {
  await mcp?.close();
  await browser?.close();
  await sandbox?.stop();
});

/** Everything a store's player holds or held, by send. */
async function sendsOn(externalId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].flatMap((item) =>
    item ? [item.sendId] : [],
  );
}

/** The host page with the app rendered for one tool call; the page's log of what the app asked the host. */
async function openApp(args: Record<string, unknown>, result: CallToolResult) {
  const page = await browser.newPage({ viewport: { width: 800, height: 760 } });
  await page.exposeFunction('hostCallTool', (params: { name: string; arguments?: Record<string, unknown> }) =>
    mcp.callTool(params),
  );
  await page.setContent(host);
  await page.evaluate((opening) => (globalThis as unknown as HostPage).openApp(opening), {
    html,
    arguments: args,
    result,
  });
  const log = () => page.evaluate(() => (globalThis as unknown as HostPage).hostLog);
  return { page, app: page.frameLocator('iframe'), log };
}

/** The part of an <audio> element the test reads (this file is type-checked without the DOM's types). */
interface MediaElement {
  readyState: number;
  duration: number;
  error: { message: string } | null;
  addEventListener(event: string, listener: () => void): void;
}

/** What the host page (app/host.browser.ts) offers the test, on its `window` (written inline in each evaluate: only the function's text reaches the page). */
interface HostPage {
  openApp(opening: { html: string; arguments: unknown; result: unknown }): Promise<void>;
  hostLog: { method: string; params: { name?: string } & Record<string, unknown> }[];
}

test('the app is a ui:// resource with its CSP, and the tools that show it point to it', async () => {
  const { resources } = await mcp.listResources();
  const listed = resources.find((resource) => resource.uri === APP_URI);
  expect(listed?.mimeType).toBe('text/html;profile=mcp-app');
  expect(APP_MIME_TYPE).toBe('text/html;profile=mcp-app');
  expect(listed?._meta).toEqual({
    ui: {
      csp: { resourceDomains: [new URL(sandbox.baseUrl).origin], connectDomains: [] },
      prefersBorder: true,
    },
  });
  const { tools } = await mcp.listTools();
  const uiOf = (name: string) =>
    (tools.find((tool) => tool.name === name)?._meta as { ui?: { resourceUri?: string } })?.ui;
  for (const name of ['send_audio', 'list_audio', 'find_audio', 'store_status'])
    expect(uiOf(name)?.resourceUri).toBe(APP_URI);
  expect(uiOf('delete_audio')).toBeUndefined();
  expect(tools.find((tool) => tool.name === 'store_status')?.annotations?.readOnlyHint).toBe(true);
  // One file, nothing remote: no script or style from anywhere, media only from the API's file host.
  expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*stylesheet/);
  expect(html).toContain(`media-src ${new URL(sandbox.baseUrl).origin};`);
  expect(html).toContain("connect-src 'none'");
});

test('the library: search, preview and pick an audio without typing', async () => {
  const listed = await call('list_audio');
  const { page, app, log } = await openApp({}, listed);
  await app.getByText('Summer Sale').waitFor();
  expect(await app.locator('.library li').count()).toBe(3);
  await screenshot(app, 'app-library');
  await app.getByRole('searchbox').fill('closing');
  await app.getByRole('button', { name: 'Search' }).click();
  await app.locator('.library li', { hasText: 'Summer Sale' }).waitFor({ state: 'detached' });
  expect(await app.locator('.library li').allInnerTexts()).toEqual([expect.stringContaining('Closing Time')]);
  await app.getByRole('button', { name: 'Use this' }).click();
  await page.waitForFunction(() =>
    (globalThis as unknown as HostPage).hostLog.some((entry) => entry.method === 'ui/message'),
  );
  expect(JSON.stringify((await log()).find((entry) => entry.method === 'ui/message'))).toContain(
    'Closing Time',
  );
  await page.close();
});

test('preview "Summer Sale" to stores 12 and 42: hear it, check it, Confirm sends it once to both', async () => {
  const args = { audio: 'Summer Sale', stores: ['12', '42'] };
  const pending = await call('send_audio', args);
  expect(pending.structuredContent?.status).toBe('needs_confirmation');
  const { page, app, log } = await openApp(args, pending);
  const preview = app.locator('[data-view=preview]');
  await preview.waitFor();
  expect(await preview.locator('.audio .name').textContent()).toBe('Summer Sale');
  expect(await preview.locator('.tiles .tile').allTextContents()).toEqual(['store_012', 'store_042']);
  expect(await preview.locator('h1').textContent()).toMatch(/Summer Sale/);
  expect(await preview.locator('.settings').textContent()).toContain('Europe/Paris');
  // The promo itself, from the sandbox's file host, through the page's CSP.
  const duration = await preview.locator('audio').evaluate(
    (audio: MediaElement) =>
      new Promise<number>((resolve, reject) => {
        if (audio.readyState >= 1) resolve(audio.duration);
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
        audio.addEventListener('error', () =>
          reject(new Error(`the promo did not load: ${audio.error?.message}`)),
        );
      }),
  );
  expect(duration).toBeGreaterThan(0);
  await screenshot(app, 'app-preview');
  const before = { store_012: await sendsOn('store_012'), store_042: await sendsOn('store_042') };

  await preview.getByRole('button', { name: 'Confirm' }).click();
  const stores = app.locator('[data-view=stores]');
  await stores.waitFor();
  const sendId = await stores.getAttribute('data-send-id');
  for (const store of ['store_012', 'store_042'] as const) {
    const after = await sendsOn(store);
    expect(after.filter((id) => id === sendId)).toHaveLength(1);
    expect(after).toHaveLength(before[store].length + 1);
  }
  await app.locator('[data-store=store_042] .now').waitFor(); // the players, read through store_status
  await screenshot(app, 'app-stores');
  const calls = (await log()).filter((entry) => entry.method === 'tools/call');
  expect(calls.map((entry) => entry.params.name)).toEqual(['send_audio', 'store_status']);
  expect(calls[0]?.params.arguments).toEqual({
    ...args,
    confirmationToken: pending.structuredContent?.confirmationToken,
  });
  await page.close();
});

test('Cancel sends nothing: no tool call leaves the app, no player gets anything', async () => {
  const args = { audio: 'Summer Sale', stores: ['12', '42'] };
  const before = [await sendsOn('store_012'), await sendsOn('store_042')];
  const { page, app, log } = await openApp(args, await call('send_audio', args));
  await app.getByRole('button', { name: 'Cancel' }).click();
  await app.getByText('Nothing was sent.').waitFor();
  expect((await log()).map((entry) => entry.method)).toEqual(['ui/update-model-context']);
  expect([await sendsOn('store_012'), await sendsOn('store_042')]).toEqual(before);
  await page.close();
});

test('after a send, the store view shows each destination and what its player plays, read through store_status', async () => {
  const sent = await call('send_audio', { audio: 'Summer Sale', stores: ['42'] });
  const { sendId } = sent.structuredContent as { sendId: string };
  const { page, app, log } = await openApp({ audio: 'Summer Sale', stores: ['42'] }, sent);
  const tile = app.locator('[data-store=store_042]');
  await tile.locator('.now').waitFor(); // the live line comes from store_status's answer
  expect(await tile.locator('.badge').textContent()).toMatch(/^(playing|queued|played)$/);
  expect(await tile.locator('.now').textContent()).toMatch(/^Now: /);
  const calls = (await log()).filter((entry) => entry.method === 'tools/call');
  expect(calls.map((entry) => entry.params.name)).toEqual(['store_status']);
  expect((await sendsOn('store_042')).filter((id) => id === sendId)).toHaveLength(1);
  await page.close();
});

test('a page opened without a host shows its one line, asks nothing of anyone and holds no secret', async () => {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.setContent(html);
  await page.getByText('Open this in an assistant that shows MCP Apps').waitFor();
  const shown = await page.content();
  expect(shown).not.toContain(sandbox.apiKey);
  expect(html).not.toContain(sandbox.apiKey);
  expect(await page.locator('button, audio, [data-view]').count()).toBe(0);
  expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
  await page.close();
});
