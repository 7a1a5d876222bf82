/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   tests run in Node, not inside n8n: the Cloud rules for shipped node code do not apply to them. */
import { stat } from 'node:fs/promises';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Musique } from '../nodes/Musique/Musique.node';
import { createContext, prepareBinaryData } from './harness/n8n-context';
import { fixture, locator, runMusique } from './support';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 1000 } });
  credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
});
afterAll(() => sandbox.stop());

const upload = (parameters: Record<string, unknown> = {}) => ({
  resource: 'audio',
  operation: 'upload',
  binaryPropertyName: 'data',
  name: 'Summer Sale',
  additionalFields: { category: 'promotion', description: 'Two for one' },
  ...parameters,
});

describe('Audio: Upload', () => {
  test('uploads an MP3 held in memory and returns the new audio, paired with its input item', async () => {
    const data = await prepareBinaryData(fixture('promo-summer-sale.mp3'), 'default');
    const { output, harness } = await runMusique({
      credentials,
      parameters: upload(),
      items: [{ json: {}, binary: { data } }],
    });
    expect(output).toHaveLength(1);
    // The category and description just set come back with it, as the trigger's output has them.
    expect(output[0]?.json).toMatchObject({
      name: 'Summer Sale',
      format: 'mp3',
      category: 'promotion',
      description: 'Two for one',
    });
    expect(output[0]?.json.audioId).toMatch(/^aud_/);
    expect(output[0]?.pairedItem).toEqual({ item: 0 });
    // The key travels once, put there by the core: one owner of authentication.
    const keyHeaders = Object.keys(harness.calls[0]?.headers ?? {}).filter(
      (name) => name.toLowerCase() === 'x-api-key',
    );
    expect(keyHeaders).toEqual(['x-api-key']);
  });

  test('uploads a binary stored on disk, where the item carries only a reference', async () => {
    const data = await prepareBinaryData(fixture('promo-closing-time.mp3'), 'filesystem-v2');
    expect(data.data).toBe('filesystem-v2');
    const { output } = await runMusique({
      credentials,
      parameters: upload({ name: '' }),
      items: [{ json: {}, binary: { data } }],
    });
    const { size } = await stat(fixture('promo-closing-time.mp3'));
    expect(output[0]?.json).toMatchObject({ size, format: 'mp3', name: 'promo-closing-time' });
  });

  test('reads the binary from the property the user named', async () => {
    const audio = await prepareBinaryData(fixture('announcement.mp3'), 'default');
    const { output } = await runMusique({
      credentials,
      parameters: upload({ binaryPropertyName: 'audio', name: 'Closing soon' }),
      items: [{ json: {}, binary: { audio } }],
    });
    expect(output[0]?.json).toMatchObject({ name: 'Closing soon' });
  });

  test('an item without the binary property fails with a NodeOperationError naming the item', async () => {
    const run = runMusique({ credentials, parameters: upload(), items: [{ json: {} }] });
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toMatchObject({ context: { itemIndex: 0 } });
  });

  test('a file that is not audio fails with a NodeOperationError naming it, before any request', async () => {
    const data = await prepareBinaryData(fixture('not-audio.mp3'), 'default');
    const run = runMusique({ credentials, parameters: upload(), items: [{ json: {}, binary: { data } }] });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toMatch(/not-audio.mp3 is not audio/);
  });

  test("a truncated MP3 fails with a NodeApiError carrying the API's message and the request id once", async () => {
    const data = await prepareBinaryData(fixture('truncated.mp3'), 'default');
    const error = await runMusique({
      credentials,
      parameters: upload(),
      items: [{ json: {}, binary: { data } }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('400');
    const { message, description } = error as NodeApiError;
    expect(description).toMatch(/Request ID: req_\w+ \(quote it to Musique support\)\.$/);
    expect(`${message}\n${description}`.match(/req_\w+/g)).toHaveLength(1);
  });
});

describe('Audio: Get, Get Many, Delete', () => {
  test('Get Many returns at most Limit audio, newest first, each paired with its input item', async () => {
    const { output } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', returnAll: false, limit: 2 },
    });
    expect(output).toHaveLength(2);
    const [first, second] = output.map((item) => Date.parse(String(item.json.createdAt)));
    expect(first).toBeGreaterThanOrEqual(second!);
    expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
  });

  test('Get Many with Return All and a category filter returns every audio of that category', async () => {
    const { output } = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'getMany',
        returnAll: true,
        filters: { category: 'announcement' },
      },
    });
    expect(output.length).toBeGreaterThan(0);
    expect(output.every((item) => String(item.json.category).toLowerCase() === 'announcement')).toBe(true);
  });

  test('Get returns the audio with its statistics; Delete removes it, and a later Get is a 404', async () => {
    const data = await prepareBinaryData(fixture('announcement.mp3'), 'default');
    const uploaded = await runMusique({
      credentials,
      parameters: upload({ name: 'Doomed' }),
      items: [{ json: {}, binary: { data } }],
    });
    const audioId = String(uploaded.output[0]?.json.audioId);

    const got = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'get', audioId: locator(audioId) },
    });
    expect(got.output[0]?.json).toMatchObject({ audioId, name: 'Doomed', stats: expect.any(Object) });

    const deleted = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'delete', audioId: locator(audioId) },
    });
    expect(deleted.output[0]?.json).toEqual({ deleted: true, audioId });

    const gone = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'get', audioId: locator(audioId) },
    }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NodeApiError);
    expect((gone as NodeApiError).httpCode).toBe('404');
  });
});

describe('Audio: Send', () => {
  test('plays the audio on the named stores, a bare number meaning store_0NN', async () => {
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const audioId = String(audio[0]?.json.audioId);
    const { output } = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(audioId),
        externalIds: 'store_001, 42',
        options: { priority: 'high', repeat: 2, volume: 70 },
      },
    });
    expect(output[0]?.json).toMatchObject({ audioId, scheduled: false });
    const destinations = output[0]?.json.destinations as Array<{ externalId: string }>;
    expect(destinations.map((d) => d.externalId).sort()).toEqual(['store_001', 'store_042']);
    const player = await sandbox.player('store_042');
    const onPlayer = [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
    expect(
      onPlayer.some((item) => item?.audioId === audioId && item.volume === 70 && item.repeat === 2),
    ).toBe(true);
  });

  test('a scheduled send is accepted as scheduled and not played yet', async () => {
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const audioId = String(audio[0]?.json.audioId);
    const { output } = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(audioId),
        externalIds: 'store_007',
        options: { scheduleAt: '2099-01-01T09:00:00.000Z' },
      },
    });
    expect(output[0]?.json).toMatchObject({ scheduled: true, scheduleAt: '2099-01-01T09:00:00.000Z' });
  });

  test('with Continue On Fail, a send to an unknown store becomes an error item and the next item still runs', async () => {
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const audioId = String(audio[0]?.json.audioId);
    const { output } = await runMusique({
      credentials,
      continueOnFail: true,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(audioId),
        externalIds: '={{ $json.stores }}',
      },
      items: [{ json: { stores: 'store_003, store_999' } }, { json: { stores: 'store_004' } }],
    });
    expect(output).toHaveLength(2);
    expect(output[0]?.pairedItem).toEqual({ item: 0 });
    expect(output[0]?.json.error).toEqual(expect.stringContaining('store_999'));
    // Refused against the company's stores before sending: no API status or request to show.
    expect(output[0]?.json.httpCode).toBeUndefined();
    expect(output[0]?.json.requestId).toBeUndefined();
    expect(output[1]).toMatchObject({ pairedItem: { item: 1 }, json: { audioId } });
    // All or nothing: store_003 did not get the broadcast that named an unknown store.
    const player = await sandbox.player('store_003');
    expect([player.nowPlaying, ...player.queue, ...player.history].filter(Boolean)).toHaveLength(0);
  });

  test("with Continue On Fail, an API refusal's item carries its request ID and a numeric HTTP status", async () => {
    const { output } = await runMusique({
      credentials,
      continueOnFail: true,
      parameters: { resource: 'audio', operation: 'get', audioId: locator('aud_doesnotexist') },
    });
    expect(output[0]?.json).toEqual({
      error: 'No audio file aud_doesnotexist exists for this company.',
      description: expect.stringMatching(/^Pick the audio from the list/),
      httpCode: 404,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(String(output[0]?.json.description)).toContain(String(output[0]?.json.requestId));
  });

  test('an invalid volume is refused before any request, as a NodeOperationError for that item', async () => {
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const harness = createContext({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(String(audio[0]?.json.audioId)),
        externalIds: 'store_001',
        options: { volume: 150 },
      },
    });
    const run = new Musique().execute.call(harness.context);
    await expect(run).rejects.toBeInstanceOf(NodeOperationError);
    await expect(run).rejects.toThrow(/Volume \(%\) must be from 0 to 100; got 150/);
    expect(harness.calls).toHaveLength(0);
  });
});

describe('System', () => {
  test('Health reports the API status', async () => {
    const { output } = await runMusique({
      credentials,
      parameters: { resource: 'system', operation: 'health' },
    });
    expect(output[0]?.json).toMatchObject({ status: 'healthy' });
  });

  test("Limits reports this key's limits and usage", async () => {
    const { output } = await runMusique({
      credentials,
      parameters: { resource: 'system', operation: 'limits' },
    });
    expect(output[0]?.json).toMatchObject({ limits: { perMinute: 1000 }, usage: expect.any(Object) });
  });
});

describe('Errors', () => {
  test('a wrong API key fails with a 401 NodeApiError that never shows the key', async () => {
    const wrongKey = `${sandbox.apiKey.slice(0, -4)}zzzz`;
    const error = await runMusique({
      credentials: { ...credentials, apiKey: wrongKey },
      parameters: { resource: 'system', operation: 'limits' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('401');
    expect(JSON.stringify(error)).not.toContain(wrongKey);
    expect((error as Error).message).not.toContain(wrongKey);
    // Advice once, where a workflow author acts on it; no header names.
    const { message, description } = error as NodeApiError;
    expect(description).toMatch(/^Check the API key in the Musique credential/);
    expect(`${message}\n${description}`).not.toMatch(/X-API-Key|generate a new token/i);
    expect(`${message}\n${description}`.match(/check/gi)).toHaveLength(1);
  });

  test('an unknown audio ID says so in the words of the editor, with no REST path', async () => {
    const error = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'get', audioId: locator('aud_doesnotexist') },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    const { message, description } = error as NodeApiError;
    expect(message).toBe('No audio file aud_doesnotexist exists for this company.');
    expect(description).toMatch(/^Pick the audio from the list, or check the ID/);
    expect(`${message}\n${description}`).not.toMatch(/GET \/|Code:/);
  });

  test('a read-only key: the message names the permission, the description what to do, neither repeats the other', async () => {
    const readOnly = { ...credentials, apiKey: await sandbox.createApiKey({ permissions: ['audio.read'] }) };
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const error = await runMusique({
      credentials: readOnly,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(String(audio[0]?.json.audioId)),
        externalIds: 'store_001',
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    const { message, description } = error as NodeApiError;
    expect(message).toBe('The Musique credential\'s key lacks the "audio.send" permission.');
    expect(description).toMatch(
      /^Ask Musique for a key that has it, then put that key in the Musique credential\.\nRequest ID: req_/,
    );
    expect(description).not.toMatch(/lacks|audio\.send/);
  });

  test('an unknown store: "Nothing was sent" said once, in the message; the description says where to act', async () => {
    const { output: audio } = await runMusique({
      credentials,
      parameters: { resource: 'audio', operation: 'getMany', limit: 1, returnAll: false },
    });
    const error = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(String(audio[0]?.json.audioId)),
        externalIds: '42, 999',
      },
    }).catch((e: unknown) => e);
    const { message, description } = error as NodeOperationError;
    expect(message).toMatch(/^No store matches 999: .*Nothing was sent\.$/);
    expect(description).toBe('Correct the Stores field, then run the node again.');
  });

  test('an unreachable API fails with an error that names the address, not a crash', async () => {
    const error = await runMusique({
      credentials: { ...credentials, baseUrl: 'http://127.0.0.1:9/api/v1/integration' },
      parameters: { resource: 'system', operation: 'health' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toMatch(
      /^Nothing answers at http:\/\/127\.0\.0\.1:9: check the Base URL/,
    );
  });
});

describe('Audio picker', () => {
  test('lists audio by name for the "From List" mode, with their IDs as values', async () => {
    const harness = createContext({ credentials, parameters: {} });
    const result = await new Musique().methods.listSearch.searchAudio.call(harness.context, 'summer');
    expect(result.results.length).toBeGreaterThan(0);
    expect(
      result.results.every((entry) => /summer/i.test(entry.name) && String(entry.value).startsWith('aud_')),
    ).toBe(true);
    // Each result links to its file, as n8n's own pickers link to what they list.
    expect(result.results.every((entry) => entry.url?.includes(String(entry.value)))).toBe(true);
  });

  test('"By URL" takes the link of an audio file and works on that audio', async () => {
    const harness = createContext({ credentials, parameters: {} });
    const [first] = (await new Musique().methods.listSearch.searchAudio.call(harness.context)).results;
    const { output } = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'get',
        audioId: { __rl: true, mode: 'url', value: first?.url },
      },
    });
    expect(output[0]?.json.audioId).toBe(first?.value);
  });
});
