import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Musique } from '../nodes/Musique/Musique.node';
import { createContext, type HarnessOptions, prepareBinaryData } from './harness/n8n-context';
import { fixture, locator, runMusique } from './support';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };
let audioId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 1000 } });
  credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
  const { output } = await runMusique({
    credentials,
    parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
  });
  audioId = String(output[0]?.json.audioId);
});
afterAll(() => sandbox.stop());

const send = (externalIds: string, options: IDataObject = {}): IDataObject => ({
  resource: 'audio',
  operation: 'send',
  audioId: locator(audioId),
  externalIds,
  options,
});

const upload = (name: string): IDataObject => ({
  resource: 'audio',
  operation: 'upload',
  binaryPropertyName: 'data',
  name,
  additionalFields: {},
});

const onPlayer = async (store: string, audio: string) => {
  const player = await sandbox.player(store);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item?.audioId === audio);
};

/** Writes the core could have refused: any of them reaching the API is a defect. */
const writes = (calls: { method: string }[]) => calls.filter((call) => call.method !== 'GET');

interface BadInput {
  what: string;
  parameters: () => IDataObject;
  file?: string;
  message: RegExp;
}

const BAD_INPUTS: BadInput[] = [
  {
    what: 'a NUL in the name',
    parameters: () => upload('Summer\u0000Sale'),
    file: 'promo-summer-sale.mp3',
    message: /name contains a NUL byte/,
  },
  {
    what: 'repeat 2.5',
    parameters: () => send('42', { repeat: 2.5 }),
    message: /Repeat must be a whole number/,
  },
  {
    what: 'volume 101',
    parameters: () => send('42', { volume: 101 }),
    message: /Volume \(%\) must be from 0 to 100; got 101/,
  },
  {
    what: 'an unknown store',
    parameters: () => send('42, 999'),
    message: /No store matches 999.*Nothing was sent/,
  },
  {
    what: 'an impossible date',
    parameters: () => send('42', { scheduleAt: '2026-02-30T09:00' }),
    message: /names no real day/,
  },
  {
    what: 'binary data that is not audio',
    parameters: () => upload('Not audio'),
    file: 'not-audio.mp3',
    message: /not-audio.mp3 is not audio/,
  },
];

async function harnessFor(input: BadInput, extra: Partial<HarnessOptions> = {}) {
  const binary = input.file ? { data: await prepareBinaryData(fixture(input.file), 'default') } : undefined;
  return createContext({
    credentials,
    parameters: input.parameters(),
    items: [{ json: {}, ...(binary ? { binary } : {}) }],
    ...extra,
  });
}

describe('bad inputs through n8n parameters', () => {
  test.each(BAD_INPUTS)('$what: a NodeOperationError for the item, and nothing written', async (input) => {
    const harness = await harnessFor(input);
    const error = await new Musique().execute.call(harness.context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error).not.toBeInstanceOf(NodeApiError);
    const nodeError = error as NodeOperationError;
    expect(nodeError.message).toMatch(input.message);
    expect(nodeError.context.itemIndex).toBe(0);
    // What a user reads: a sentence, not a stack trace.
    expect(`${nodeError.message}\n${nodeError.description ?? ''}`).not.toMatch(/\n\s+at /);
    expect(writes(harness.calls)).toEqual([]);
  });

  test.each(BAD_INPUTS)(
    '$what: with Continue On Fail, an error item paired with its input',
    async (input) => {
      const harness = await harnessFor(input, { continueOnFail: true });
      const [output] = await new Musique().execute.call(harness.context);
      expect(output).toEqual([
        {
          json: expect.objectContaining({ error: expect.stringMatching(input.message) }),
          pairedItem: { item: 0 },
        },
      ]);
      expect(writes(harness.calls)).toEqual([]);
    },
  );

  test('the error names the item it came from: item 1 of two, after item 0 was sent', async () => {
    const harness = createContext({
      credentials,
      parameters: send('43', { repeat: '={{ $json.repeat }}' }),
      items: [{ json: { repeat: 2 } }, { json: { repeat: 2.5 } }],
    });
    const error = await new Musique().execute.call(harness.context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).context.itemIndex).toBe(1);
    expect(writes(harness.calls)).toHaveLength(1);
    expect(await onPlayer('store_043', audioId)).toHaveLength(1);
  });
});

describe('Send reads its values as the workflow means them', () => {
  test('a time without an offset is read in the workflow time zone', async () => {
    const { output } = await runMusique({
      credentials,
      timeZone: 'Europe/Paris',
      parameters: send('44', { scheduleAt: '2030-12-01T09:00:00' }),
    });
    // 09:00 in Paris in winter is 08:00 UTC.
    expect(Date.parse(String(output[0]?.json.scheduleAt))).toBe(Date.parse('2030-12-01T08:00:00Z'));
    expect(output[0]?.json.scheduled).toBe(true);
  });

  test('a bare number means the store of the company that ends in it', async () => {
    const { output } = await runMusique({ credentials, parameters: send('#45') });
    expect(output[0]?.json.destinations).toEqual([expect.objectContaining({ externalId: 'store_045' })]);
  });
});

describe('Retry On Fail never plays a promo twice', () => {
  test('a response lost after the API accepted the send: the retry replays it, the store plays it once', async () => {
    let dropping = true;
    const harness = createContext({
      credentials,
      parameters: send('46'),
      // The request reaches the sandbox, which plays it; the answer never comes back while `dropping`.
      network: async (request, forward) => {
        const response = await forward();
        if (dropping && request.method === 'POST')
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return response;
      },
    });
    const node = new Musique();
    const first = await node.execute.call(harness.context).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(NodeOperationError);
    expect((first as Error).message).toMatch(/connection to the server was closed/);
    expect(await onPlayer('store_046', audioId)).toHaveLength(1);

    // n8n's Retry On Fail runs the node again, in the same execution, with the same item.
    dropping = false;
    const [output] = await node.execute.call(harness.context);
    expect(output?.[0]?.json).toMatchObject({
      audioId,
      destinations: [expect.objectContaining({ externalId: 'store_046' })],
    });
    expect(await onPlayer('store_046', audioId)).toHaveLength(1);

    const keys = new Set(
      harness.calls.filter((call) => call.method === 'POST').map((call) => call.headers['idempotency-key']),
    );
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^n8n_sendAudio_[0-9a-f]{48}$/);
  });

  test('another item or another node is another send', async () => {
    const run = (nodeName: string) =>
      runMusique({ credentials, nodeName, parameters: send('47'), items: [{ json: {} }, { json: {} }] });
    const first = await run('Musique');
    const second = await run('Musique');
    const sendIds = [...first.output, ...second.output].map((item) => item.json.sendId);
    // Two items of one run differ, and each run here is another node (its own id): nothing is replayed.
    expect(new Set(sendIds).size).toBe(4);
    expect(await onPlayer('store_047', audioId)).toHaveLength(4);
  });
});
