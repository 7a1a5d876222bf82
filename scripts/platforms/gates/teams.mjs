// Teams' own tools on the bot: the manifest and the built app zip against the official manifest schema of their
// declared version (@microsoft/app-manifest ships them, read offline), `atk validate --manifest-file`, and the
// bot driven in Microsoft 365 Agents Playground (Microsoft's local Teams client) through its web page in
// headless Chromium, against a live sandbox with the demo company: once on each host (teams-ai, and the Teams
// SDK on Node 22.12+, provisioned Node 24 when the gate's Node is older).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, cachedInstall, run as exec, GateUnavailable, rootDir } from '../cache.mjs';
import { provisionNode } from '../node-runtime.mjs';

export const title =
  'Teams: manifest schema, atk validate, the bot in Microsoft 365 Agents Playground on each host';

const botDir = path.join(rootDir, 'packages/teams-bot');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// As root, without network: no sandbox, no GPU, and none of the background calls home.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Any GUID: the schema wants one where the bot registration's app id goes.
const sampleAppId = '00000000-0000-4000-8000-000000000042';
const waitMs = 30_000;

/** The downloads: the manifest schemas, the Agents Toolkit CLI and Agents Playground. */
export const prepare = () =>
  Promise.all([
    cachedInstall('teams-manifest', ['@microsoft/app-manifest@1.1.2', 'fs-extra@11.3.0']),
    cachedInstall('atk', ['@microsoft/m365agentstoolkit-cli@1.1.17']),
    cachedInstall('agents-playground', ['@microsoft/m365agentsplayground@0.2.28']),
  ]);

export async function run() {
  if (!existsSync(chromiumPath))
    throw new GateUnavailable(
      `Chromium is not at ${chromiumPath}: Agents Playground is driven through its web page. Run \`bash scripts/install-system-deps.sh\` or set CHROMIUM_PATH.`,
    );
  const [manifestTools, atk, playground] = await prepare();
  const work = await mkdtemp(path.join(os.tmpdir(), 'teams-gate-'));
  try {
    await validateAppPackage(manifestTools, atk, work);
    for (const botHost of ['teams-ai', 'teams-sdk']) await driveInPlayground(playground, work, botHost);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function validateAppPackage(manifestTools, atk, work) {
  const requireTool = createRequire(path.join(manifestTools, 'package.json'));
  const { AppManifestUtils } = requireTool('@microsoft/app-manifest');
  const schemas = path.join(
    path.dirname(requireTool.resolve('@microsoft/app-manifest')),
    'json-schemas',
    'teams',
  );
  const { buildAppPackage, manifestFor } = await import(path.join(botDir, 'scripts/package-app.mjs'));
  const { unzipSync } = createRequire(path.join(botDir, 'package.json'))('fflate');

  const zipPath = await buildAppPackage({ appId: sampleAppId, outDir: work });
  const files = unzipSync(await readFile(zipPath));
  const manifests = {
    'appPackage/manifest.json': JSON.parse(await manifestFor(sampleAppId)),
    'manifest.json in the app zip': JSON.parse(
      Buffer.from(files['manifest.json'] ?? '').toString() || 'null',
    ),
  };
  const versions = new Set();
  for (const [where, manifest] of Object.entries(manifests)) {
    if (!manifest) throw new Error(`${where}: the app zip has no manifest.json`);
    const version = manifest.manifestVersion;
    versions.add(version);
    if (!manifest.$schema?.includes(`/v${version}/`))
      throw new Error(
        `${where}: $schema ${manifest.$schema} is not the schema of manifestVersion ${version}`,
      );
    const schemaFile = path.join(schemas, `v${version}`, 'MicrosoftTeams.schema.json');
    if (!existsSync(schemaFile))
      throw new Error(`${where}: @microsoft/app-manifest has no schema for manifestVersion ${version}`);
    const errors = await AppManifestUtils.validateAgainstSchema(
      manifest,
      JSON.parse(await readFile(schemaFile, 'utf8')),
    );
    if (errors.length)
      throw new Error(`${where} breaks the Teams manifest schema v${version}:\n${errors.join('\n')}`);
    for (const icon of [manifest.icons.color, manifest.icons.outline])
      if (!files[icon]) throw new Error(`${where} names the icon ${icon}, which the app zip lacks`);
  }

  // atk checks the manifest beside its icons, as unzipped; --package-file would want a Microsoft 365 login.
  const unzipped = path.join(work, 'appPackage');
  await mkdir(unzipped);
  for (const [name, data] of Object.entries(files)) await writeFile(path.join(unzipped, name), data);
  const atkBin = path.join(atk, 'node_modules/.bin/atk');
  const manifestFile = path.join(unzipped, 'manifest.json');
  await exec(atkBin, ['validate', '--manifest-file', manifestFile, '--telemetry', 'false'], {
    cwd: work,
    quiet: true,
  });
  console.log(`manifest and app zip: valid against the Teams schema v${[...versions]} and atk validate`);
}

async function driveInPlayground(playground, work, botHost) {
  const { startSandbox } = await import(path.join(rootDir, 'packages/sandbox/dist/index.js'));
  const { chromium } = createRequire(path.join(rootDir, 'packages/sandbox/package.json'))('playwright-core');

  const stops = [];
  let page;
  try {
    const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
    stops.push(() => sandbox.stop());
    const bot = await startBotOn(botHost, sandbox, path.join(work, `bot-${botHost}`));
    stops.push(() => bot.stop());
    const port = await freePort();
    const playgroundProcess = await startPlayground(playground, bot.url, port, work);
    stops.push(() => stopProcess(playgroundProcess));
    const browser = await chromium.launchPersistentContext(path.join(work, `chromium-${botHost}`), {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      viewport: { width: 1280, height: 900 },
    });
    stops.push(() => browser.close());

    // The page asks a CDN for fonts and animations; no gate reaches past this machine.
    await browser.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    // Each host gets its own Chromium profile, so the second run does not see the first one's chat.
    const api = (route) =>
      fetch(`${sandbox.baseUrl}${route}`, { headers: { 'X-API-Key': sandbox.apiKey } }).then((r) => r.json());
    const [promo] = (await api('/audio?name=Summer%20Sale')).data;
    /** Whether the store's player has had the promo delivered: playing, queued or played. */
    const holdsPromo = async (store) => {
      const { nowPlaying, queue, history } = await api(`/sandbox/locations/${store}/player`);
      return [nowPlaying, ...queue, ...history].some((item) => item?.audioId === promo.audioId);
    };
    for (const store of ['store_012', 'store_042', 'store_047'])
      if (await holdsPromo(store))
        throw new Error(`the demo's ${store} already holds Summer Sale before any send`);
    const say = async (text) => {
      // The chat box is a rich-text editor (Lexical): typed key by key, as a person would.
      const box = page.locator('[contenteditable="true"][role="textbox"]');
      await box.click({ timeout: waitMs });
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    const see = (text, what) =>
      page
        .getByText(text)
        .first()
        .waitFor({ timeout: waitMs })
        .catch(() => {
          throw new Error(`Agents Playground never showed ${what} ("${text}")`);
        });

    await say('send promo to store 42');
    await see('Sent "Summer Sale" to store_042', "the bot's result card");
    if (!(await holdsPromo('store_042')))
      throw new Error('"send promo to store 42" answered, but store_042\'s player does not hold Summer Sale');

    await say("send 'Summer Sale' to stores 12, 42 and 47");
    const question = 'Play "Summer Sale" on';
    await see(question, 'the confirmation card');
    if (await holdsPromo('store_047')) throw new Error('store_047 got Summer Sale before the confirmation');
    await page.getByRole('button', { name: 'Send', exact: true }).last().click();
    await see('Sent "Summer Sale" to 3 stores', 'the result of the confirmed send');
    if ((await page.getByText(question).count()) > 0)
      throw new Error(
        'the confirmation card stayed after the click: the result came as a new card, not in its place',
      );
    for (const store of ['store_012', 'store_042', 'store_047'])
      if (!(await holdsPromo(store)))
        throw new Error(
          `the confirmed send reported success, but ${store}'s player does not hold Summer Sale`,
        );
    console.log(
      `Agents Playground on the ${botHost} host: store 42 got the promo; the three-store card confirmed and updated in place`,
    );
  } catch (error) {
    if (page) {
      const screenshot = path.join(cacheDir('teams-gate'), `failure-${botHost}.png`);
      if (
        await page.screenshot({ path: screenshot }).then(
          () => true,
          () => false,
        )
      )
        error.message += `\n(what Agents Playground showed: ${screenshot})`;
    }
    throw error;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

/**
 * The bot on a host, on 127.0.0.1: in this process where its Node runs that host, else (the Teams SDK on a Node
 * older than 22.12) the bot's own entry, dist/main.js, on Node 24 as the gates provision it.
 */
async function startBotOn(botHost, sandbox, dataDir) {
  const { startBot, supportsTeamsSdk } = await import(path.join(botDir, 'dist/index.js'));
  if (botHost === 'teams-ai' || supportsTeamsSdk()) {
    const bot = await startBot({
      botHost,
      port: 0,
      host: '127.0.0.1',
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      dataDir,
    });
    return { url: bot.url, stop: () => bot.stop() };
  }
  const { bin, version } = await provisionNode(24);
  console.log(`the ${botHost} host needs Node 22.12+: dist/main.js on Node ${version}`);
  const child = spawn(bin, [path.join(botDir, 'dist/main.js')], {
    cwd: botDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(await freePort()),
      MUSIQUE_BOT_HOST: botHost,
      MUSIQUE_API_KEY: sandbox.apiKey,
      MUSIQUE_BASE_URL: sandbox.baseUrl,
      MUSIQUE_BOT_DATA: dataDir,
      MicrosoftAppId: '',
    },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${waitMs / 1000} s`), waitMs);
    const fail = (why) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`the bot on ${botHost} ${why}:\n${output.slice(-2000)}`));
    };
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (data) => {
        output += data;
        const listening = /listening on (http:\/\/\S+)/.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      });
    child.on('exit', (code) => fail(`exited ${code}`));
  });
  return { url, stop: () => stopProcess(child) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Agents Playground on a port, bound to the bot as a Teams client; resolves once it listens. Its log
 * (devTools/) goes to cwd. */
function startPlayground(playground, endpoint, port, cwd) {
  const bin = path.join(playground, 'node_modules/.bin/agentsplayground');
  const child = spawn(bin, ['-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    // It would open a desktop browser on the page; Chromium below is the one driving it.
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${waitMs / 1000} s`), waitMs);
    const fail = (why) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`Agents Playground ${why}:\n${output.slice(-2000)}`));
    };
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (data) => {
        output += data;
        if (output.includes(`Listening on ${port}`)) {
          clearTimeout(timer);
          resolve(child);
        }
      });
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('exit', (code) => fail(`exited ${code}`));
  });
}

function stopProcess(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}
