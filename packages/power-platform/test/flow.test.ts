/**
 * Flows through the generated connector, read as Power Platform's runtime reads it (src/runtime), against a real
 * sandbox over HTTP: what counts is what the store players received and what the flow author sees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { contractIn, readContract } from '../src/generate/contract.js';
import { ActionFailed, ConnectorRuntime } from '../src/runtime/connector-runtime.js';

const packageDir = join(__dirname, '..');
const fixture = (name: string) => readFileSync(join(packageDir, '../../shared/fixtures', name));
const connector = (file: string) => JSON.parse(readFileSync(join(packageDir, 'connector', file), 'utf8'));

let sandbox: Sandbox;
let runtime: ConnectorRuntime;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  runtime = new ConnectorRuntime(
    connector('apiDefinition.swagger.json'),
    connector('apiProperties.json'),
    { api_key: sandbox.apiKey, baseUrl: sandbox.baseUrl },
    { script: true },
  );
});
afterAll(() => sandbox.stop());

async function received(externalId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item !== null);
}

const upload = (file: string, fileName: string, extra: Record<string, string> = {}) =>
  runtime.run('UploadAudio', { body: { fileContent: fixture(file).toString('base64'), fileName, ...extra } });

test('the designer lists the library for the audio picker, and "Summer Sale" sent to store_042 plays there', async () => {
  const choices = await runtime.dynamicValues('SendAudio', 'audioId');
  const summerSale = choices.find((choice) => choice.title === 'Summer Sale');
  expect(summerSale?.value).toMatch(/^aud_/);

  const send = await runtime.run(
    'SendAudio',
    { audioId: summerSale?.value, body: { externalIds: ['store_042'] } },
    { runId: 'run-summer-sale', actionName: 'Send_audio_to_stores' },
  );
  expect(send).toMatchObject({ audioId: summerSale?.value, status: 'sent', scheduled: false });
  expect((await received('store_042')).map((item) => item.audioId)).toContain(summerSale?.value);
});

test("Power Automate retrying a send (same run, same action) replays the API's answer: the store hears it once", async () => {
  const [audio] = await runtime.dynamicValues('SendAudio', 'audioId');
  const inputs = { audioId: audio?.value, body: { externalIds: ['store_007'], priority: 'high' } };
  const run = { runId: 'run-retried', actionName: 'Send_audio_to_stores' };
  const first = await runtime.call('SendAudio', inputs, run);
  const retry = await runtime.call('SendAudio', inputs, run);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  const sendIdOf = async (response: Response) => ((await response.json()) as { sendId: string }).sendId;
  expect(await sendIdOf(retry)).toBe(await sendIdOf(first));
  expect((await received('store_007')).filter((item) => item.audioId === audio?.value)).toHaveLength(1);
});

test('a file another action hands over (base64 content and a name) is uploaded as the multipart the API takes', async () => {
  const uploaded = await upload('promo-closing-time.mp3', 'closing-time.mp3', { category: 'promotion' });
  expect(uploaded).toMatchObject({
    name: 'closing-time',
    format: 'mp3',
    size: fixture('promo-closing-time.mp3').length,
  });
  const stored = await runtime.run('GetAudio', { audioId: uploaded.audioId });
  expect(stored).toMatchObject({ audioId: uploaded.audioId, category: 'promotion' });
});

test('Find Audio reaches the API list by name through the custom code', async () => {
  const found = (await runtime.run('FindAudio', { name: 'summer' })) as { data: { name: string }[] };
  expect(found.data.map((audio) => audio.name)).toContain('Summer Sale');
});

test('the trigger notes the library first, then fires once per new audio, one request per poll', async () => {
  const first = await runtime.poll('OnNewAudio');
  expect(first.status).toBe(202);
  const quiet = await runtime.poll('OnNewAudio', first.state);
  expect(quiet).toMatchObject({ status: 202, items: [] });

  const one = await upload('announcement.mp3', 'first.mp3');
  const two = await upload('promo-summer-sale.mp3', 'second.mp3');
  const before = runtime.requests;
  const fired = await runtime.poll('OnNewAudio', quiet.state);
  expect(runtime.requests - before).toBe(1);
  expect(fired.status).toBe(200);
  expect(fired.items.map((audio) => audio.audioId)).toEqual([one.audioId, two.audioId]);

  const again = await runtime.poll('OnNewAudio', fired.state);
  expect(again).toMatchObject({ status: 202, items: [] });
});

test("a refused send reaches the flow author as the API's sentence with its request ID, and nobody hears it", async () => {
  const [audio] = await runtime.dynamicValues('SendAudio', 'audioId');
  const failure = await runtime
    .run('SendAudio', { audioId: audio?.value, body: { externalIds: ['store_042', 'store_999'] } })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ActionFailed);
  const { status, message, requestId } = failure as ActionFailed;
  expect(status).toBe(400);
  expect(message).toContain('store_999');
  expect(requestId).toMatch(/^req_/);
  expect((await received('store_042')).filter((item) => item.audioId === audio?.value)).toHaveLength(0);
});

test('content that is not a file is refused by the custom code in the API’s shape, before any request', async () => {
  const before = runtime.requests;
  const failure = await runtime
    .run('UploadAudio', { body: { fileContent: 'not base64!', fileName: 'x.mp3' } })
    .catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 400, message: expect.stringContaining('Get file content') });
  expect(runtime.requests).toBe(before);
});

test('an input the action does not declare is refused, as the designer offers no such field', async () => {
  await expect(runtime.run('SendAudio', { audioId: 'aud_x', stores: '42' } as never)).rejects.toThrow(
    'SendAudio has no parameter stores',
  );
});

test("a time further past than the core's grace is refused before the API; one within it plays now, as elsewhere", async () => {
  const [audio] = await runtime.dynamicValues('SendAudio', 'audioId');
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const before = runtime.requests;
  const stale = await runtime
    .run('SendAudio', {
      audioId: audio?.value,
      body: { externalIds: ['store_013'], scheduleAt: minutesAgo(30) },
    })
    .catch((error: unknown) => error);
  expect(stale).toMatchObject({
    status: 400,
    code: 'time_passed',
    message: expect.stringContaining('Nothing was sent'),
  });
  expect(runtime.requests).toBe(before);
  expect(await received('store_013')).toHaveLength(0);

  const late = await runtime.run('SendAudio', {
    audioId: audio?.value,
    body: { externalIds: ['store_013'], scheduleAt: minutesAgo(2) },
  });
  expect(late).toMatchObject({ status: 'sent', scheduled: false });
  expect((await received('store_013')).map((item) => item.audioId)).toContain(audio?.value);
});

// Last, over everything the tests above asked: production is narrower than the sandbox.
test('every request the connector made is a documented operation (none tagged Sandbox, no legacy path)', () => {
  const contract = readContract(contractIn(packageDir));
  const documented = Object.entries(
    contract.document.paths as Record<string, Record<string, { tags?: string[] }>>,
  ).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(
        ([, operation]) =>
          operation.tags && !operation.tags.some((tag) => ['Sandbox', 'Legacy'].includes(tag)),
      )
      .map(([method]) => new RegExp(`^${method.toUpperCase()} ${path.replace(/\{\w+\}/g, '[^/]+')}$`)),
  );
  expect(runtime.asked.length).toBeGreaterThan(10);
  expect(runtime.asked.filter((asked) => !documented.some((pattern) => pattern.test(asked)))).toEqual([]);
});
