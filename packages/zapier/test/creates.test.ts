import { MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import {
  App,
  appTester,
  authFor,
  caught,
  startFileServer,
  startRecordingProxy,
  startTestSandbox,
  zapierErrorOf,
} from './helpers.js';

type Uploaded = {
  id: string;
  audioId: string;
  name: string;
  format: string;
  duration: number;
  category: string | null;
};
type Sent = {
  id: string;
  sendId: string;
  status: string;
  storeCount: number;
  externalIds: string[];
  alreadySent: boolean;
  audioId: string;
  scheduleAt: string | null;
};

let sandbox: Sandbox;
let client: MusiqueClient;
let files: Awaited<ReturnType<typeof startFileServer>>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  files = await startFileServer();
});
afterAll(async () => {
  await files.stop();
  await sandbox.stop();
});

const uploadAudio = (inputData: Record<string, string>, authData = authFor(sandbox)) =>
  appTester(App.creates.upload_audio.operation.perform, { authData, inputData }) as Promise<Uploaded>;

const sendAudio = (
  inputData: Record<string, unknown>,
  meta: Record<string, unknown> = { zap: { id: 9001 } },
) =>
  appTester(App.creates.send_audio.operation.perform, {
    authData: authFor(sandbox),
    inputData,
    meta,
  }) as Promise<Sent>;

/** Every item a store's player has for this send: playing, queued or played. */
async function playsOf(externalId: string, sendId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item?.sendId === sendId);
}

describe('Upload Audio', () => {
  it('uploads the file behind a URL, streaming it: the upload starts before the download has finished', async () => {
    const proxy = await startRecordingProxy(sandbox.url);
    const slowFiles = await startFileServer({ holdUntil: proxy.uploadBodyStarted });
    try {
      const uploaded = await uploadAudio(
        {
          file: slowFiles.url('promo-summer-sale.mp3'),
          name: 'Summer Sale',
          description: '20% off',
          category: 'promotion',
        },
        { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl },
      );
      expect(uploaded).toMatchObject({ name: 'Summer Sale', format: 'mp3', category: 'promotion' });
      expect(uploaded.id).toBe(uploaded.audioId);
      expect(uploaded.duration).toBeGreaterThan(1);
      // The file server held back the second half until the upload's body reached the API: it was never
      // downloaded whole first.
      expect(slowFiles.releases).toEqual(['released']);
      // Its length was known from the download, so the upload was not sent chunked.
      expect(proxy.uploads[0]?.headers['content-length']).toMatch(/^\d+$/);
      expect(proxy.uploads[0]?.headers['transfer-encoding']).toBeUndefined();
    } finally {
      await slowFiles.stop();
      await proxy.stop();
    }
  });

  it('names the audio after the file when no name is given, and never sends the API key to the file host', async () => {
    const uploaded = await uploadAudio({ file: files.url('promo-closing-time.mp3') });
    expect(uploaded.name).toBe('promo-closing-time');
    expect(files.requests.length).toBeGreaterThan(0);
    expect(files.requests.every((headers) => headers['x-api-key'] === undefined)).toBe(true);
  });

  it('says so when the file cannot be downloaded', async () => {
    const error = zapierErrorOf(await caught(uploadAudio({ file: files.url('missing.mp3') })));
    expect(error.message).toMatch(/Could not download the audio file .* HTTP 404/);
  });
});

describe('Send Audio to Stores', () => {
  let audioId: string;
  beforeAll(async () => {
    audioId = (await uploadAudio({ file: files.url('announcement.mp3'), name: 'Closing Soon' })).audioId;
  });

  it('sends to stores given as numbers or external IDs, with priority, repeat and volume', async () => {
    const sent = await sendAudio({
      audio_id: audioId,
      stores: ['12', 'store_042'],
      priority: 'high',
      repeat: 2,
      volume: 80,
    });
    expect(sent).toMatchObject({ status: 'sent', storeCount: 2, externalIds: ['store_012', 'store_042'] });
    expect(sent.id).toBe(sent.sendId);
    const [played] = await playsOf('store_042', sent.sendId);
    expect(played).toMatchObject({ audioId, priority: 'high', repeat: 2, volume: 80 });
  });

  it('takes a list mapped from an earlier step as one item, split on commas, spaces and new lines', async () => {
    const sent = await sendAudio({ audio_id: audioId, stores: ['3, 4', '5 6\n#13'] });
    expect(sent.externalIds).toEqual(['store_003', 'store_004', 'store_005', 'store_006', 'store_013']);
  });

  it('sends to every store of the company\'s directory for "all"', async () => {
    const sent = await sendAudio({ audio_id: audioId, stores: ['all'], schedule_at: '2031-01-01T09:00Z' });
    expect(sent.storeCount).toBe((await client.sandbox.locations()).data.length);
  });

  it('takes the audio by its exact name too', async () => {
    const sent = await sendAudio({ audio_id: 'closing soon', stores: ['14'] });
    expect(sent).toMatchObject({ audioId, externalIds: ['store_014'] });
  });

  it("reads a Play At without an offset in the zap's time zone", async () => {
    const sent = await sendAudio(
      { audio_id: audioId, stores: ['15'], schedule_at: '2030-07-01T09:00' },
      { zap: { id: 9001 }, timezone: 'Europe/Paris' },
    );
    expect(sent.scheduleAt).toBe('2030-07-01T07:00:00.000Z');
    const offset = await sendAudio(
      { audio_id: audioId, stores: ['15'], schedule_at: '2030-07-01T09:00:00Z' },
      {
        zap: { id: 9001 },
        timezone: 'Europe/Paris',
      },
    );
    expect(offset.scheduleAt).toBe('2030-07-01T09:00:00.000Z');
  });

  it('schedules a send for later', async () => {
    const sent = await sendAudio({ audio_id: audioId, stores: ['5'], schedule_at: '2030-01-01T09:00:00Z' });
    expect(sent).toMatchObject({
      status: 'scheduled',
      scheduled: true,
      scheduleAt: '2030-01-01T09:00:00.000Z',
    });
  });

  it('never plays a promo twice when Zapier retries the step', async () => {
    const inputs = { audio_id: audioId, stores: ['7', '8'], priority: 'normal', repeat: 1, volume: 100 };
    const first = await sendAudio(inputs);
    const retried = await sendAudio(inputs);
    expect(retried.sendId).toBe(first.sendId);
    expect([first.alreadySent, retried.alreadySent]).toEqual([false, true]);
    expect(await playsOf('store_007', first.sendId)).toHaveLength(1);
    const player = await sandbox.player('store_007');
    const items = [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
    expect(items).toHaveLength(1);
  });

  it('sends again when a new run maps a new Send Reference, or another zap sends the same', async () => {
    const inputs = { audio_id: audioId, stores: ['9'] };
    const first = await sendAudio({ ...inputs, send_reference: 'run-1' });
    const second = await sendAudio({ ...inputs, send_reference: 'run-2' });
    const otherZap = await sendAudio({ ...inputs, send_reference: 'run-1' }, { zap: { id: 9002 } });
    expect(new Set([first.sendId, second.sendId, otherZap.sendId]).size).toBe(3);
  });

  it('reaches nobody when one store is unknown, and names it', async () => {
    const error = zapierErrorOf(await caught(sendAudio({ audio_id: audioId, stores: ['10', 'store_999'] })));
    expect(error).toMatchObject({ code: 'not_found', status: 400 });
    expect(error.message).toContain('store_999');
    expect(await sandbox.player('store_010')).toMatchObject({ nowPlaying: null, queue: [], history: [] });
  });

  it("goes through Zapier's request log, which records the call and never the API key", async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    process.env.LOG_TO_STDOUT = '1';
    process.env.DETAILED_LOG_TO_STDOUT = '1';
    try {
      await sendAudio({ audio_id: audioId, stores: ['11'], send_reference: 'logged' });
    } finally {
      delete process.env.LOG_TO_STDOUT;
      delete process.env.DETAILED_LOG_TO_STDOUT;
      spy.mockRestore();
    }
    const log = lines.join('\n');
    expect(log).toContain(`POST ${sandbox.baseUrl}/audio/${audioId}/send`);
    expect(log).not.toContain(sandbox.apiKey);
  });

  it('says which permission a key lacks', async () => {
    const readOnly = await sandbox.createApiKey({ permissions: ['audio.read'] });
    const error = zapierErrorOf(
      await caught(
        appTester(App.creates.send_audio.operation.perform, {
          authData: authFor(sandbox, readOnly),
          inputData: { audio_id: audioId, stores: ['11'] },
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'insufficient_scope', status: 403 });
    expect(error.message).toMatch(/lacks the "audio\.send" permission.*reconnect/);
  });
});

describe('Delete Audio', () => {
  it('deletes audio, and explains a second delete', async () => {
    const { audioId } = await uploadAudio({
      file: files.url('promo-summer-sale.mp3'),
      name: 'Expired Promo',
    });
    const deleted = await appTester(App.creates.delete_audio.operation.perform, {
      authData: authFor(sandbox),
      inputData: { audio_id: audioId },
    });
    expect(deleted).toEqual({ id: audioId, audioId, deleted: true });
    await expect(client.audio.get(audioId)).rejects.toMatchObject({ status: 404 });

    const again = zapierErrorOf(
      await caught(
        appTester(App.creates.delete_audio.operation.perform, {
          authData: authFor(sandbox),
          inputData: { audio_id: audioId },
        }),
      ),
    );
    expect(again).toMatchObject({ code: 'not_found', status: 404 });
  });
});
