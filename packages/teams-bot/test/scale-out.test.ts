// Two bot processes behind one load balancer share their state in Azure Blob Storage (Azurite, Microsoft's
// emulator, started here): a confirmation card posted by one is honoured by the other, once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@musique/sandbox';
import type { Activity } from 'botbuilder';
import { VERBS } from '../src/domain/cards/cards.js';
import { ChannelService } from './channel-service.js';
import { buttonsOf, cardOf, cardText, playerAudioNames, startTestSandbox } from './helpers.js';

// Azurite's well-known development account (public, documented by Microsoft): not a secret.
const devAccount =
  'AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

let sandbox: Sandbox;
let channel: ChannelService;
let azurite: ChildProcess;
let azuriteDir: string;
let connectionString: string;
const bots: Record<'a' | 'b', { child: ChildProcess; url: string } | undefined> = {
  a: undefined,
  b: undefined,
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** A child process, resolved once its output matches `ready`. */
function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise<{ child: ChildProcess; match: RegExpMatchArray }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

async function startBotProcess(name: 'a' | 'b') {
  const { child, match } = await startProcess(
    [join(__dirname, '..', 'dist', 'main.js')],
    {
      PORT: '0',
      MUSIQUE_API_KEY: sandbox.apiKey,
      MUSIQUE_BASE_URL: sandbox.baseUrl,
      MUSIQUE_BOT_STORAGE: 'azure-blobs',
      MUSIQUE_BOT_STORAGE_CONNECTION: connectionString,
      MUSIQUE_BOT_STORAGE_CONTAINER: 'musique-bot',
    },
    /listening on (\S+)/,
  );
  bots[name] = { child, url: `${match[1]}` };
}

function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

beforeAll(async () => {
  [sandbox, channel] = await Promise.all([startTestSandbox(), new ChannelService()]);
  await channel.start();
  azuriteDir = await mkdtemp(join(tmpdir(), 'azurite-'));
  const port = await freePort();
  ({ child: azurite } = await startProcess(
    [
      require.resolve('azurite/dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--location',
      azuriteDir,
      // The registry's newest Azurite (3.37) predates the API version @azure/storage-blob now sends.
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    {},
    /successfully listens/,
  ));
  connectionString = `DefaultEndpointsProtocol=http;${devAccount};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  await Promise.all([startBotProcess('a'), startBotProcess('b')]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopProcess(bots.a?.child), stopProcess(bots.b?.child)]);
  await stopProcess(azurite);
  await rm(azuriteDir, { recursive: true, force: true });
  await channel?.stop();
  await sandbox?.stop();
});

/** Its own conversation, so the other suites' confirmations never mix in. */
const activity = (fields: Partial<Activity>) =>
  channel.activity({
    conversation: {
      id: 'a:personal-scale',
      conversationType: 'personal',
      isGroup: false,
      name: '',
    } as Activity['conversation'],
    ...fields,
  });

async function post(bot: 'a' | 'b', body: Partial<Activity>) {
  const response = await fetch(bots[bot]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Asks bot `on` for a send that needs confirming; returns a click on its Send button for any bot. */
async function askToSend(on: 'a' | 'b', stores: string) {
  await post(on, activity({ type: 'message', text: `send promo to stores ${stores}` }));
  const [question] = channel.take();
  const [send] = buttonsOf(cardOf(question));
  expect(send?.verb).toBe(VERBS.confirm);
  return (bot: 'a' | 'b') =>
    post(
      bot,
      activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: question?.id ?? 'card',
        value: { action: { type: 'Action.Execute', verb: send!.verb, data: send!.data }, trigger: 'manual' },
      }),
    );
}

test('a card posted by one instance and clicked on the other sends once', async () => {
  const click = await askToSend('a', '3, 4 and 5');
  const answer = await click('b');
  expect(answer.status).toBe(200);
  expect(cardText(answer.body.value)).toContain('Sent "Summer Sale" to 3 stores');
  for (const store of ['store_003', 'store_004', 'store_005'])
    expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
});

test('two clicks that land on both instances at once send once', async () => {
  const click = await askToSend('b', '6, 7 and 8');
  const answers = await Promise.all([click('a'), click('b'), click('a'), click('b')]);
  for (const answer of answers) expect(answer.status).toBe(200);
  for (const store of ['store_006', 'store_007', 'store_008'])
    expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
});

test('a restart of either instance loses nothing', async () => {
  const click = await askToSend('a', '9, 10 and 11');
  await stopProcess(bots.a!.child);
  await startBotProcess('a');
  const answer = await click('a');
  expect(cardText(answer.body.value)).toContain('Sent "Summer Sale" to 3 stores');
  for (const store of ['store_009', 'store_010', 'store_011'])
    expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
});
