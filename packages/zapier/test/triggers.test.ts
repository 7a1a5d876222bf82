import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { downloadAudio } from '../src/hydrators.js';
import {
  App,
  appTester,
  authFor,
  caught,
  FIXTURES,
  SandboxApp,
  sandboxAppTester,
  startHookReceiver,
  startTestSandbox,
  zapierErrorOf,
} from './helpers.js';

type Polled = {
  id: string;
  audioId: string;
  name: string;
  category: string | null;
  file: string;
  createdAt: string;
};

let sandbox: Sandbox;
let client: MusiqueClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
});
afterAll(() => sandbox.stop());

function upload(fixture: string, name: string, category?: string) {
  const data = new Uint8Array(readFileSync(path.join(FIXTURES, fixture)));
  return client.audio.upload({ file: { filename: fixture, data }, name, ...(category ? { category } : {}) });
}

const poll = (inputData: Record<string, string> = {}) =>
  appTester(App.triggers.new_audio.operation.perform, { authData: authFor(sandbox), inputData }) as Promise<
    Polled[]
  >;

describe('New Audio (polling)', () => {
  it('returns audio newest first, each with its audio ID as a stable id, and triggers once per new upload', async () => {
    const first = await poll();
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first.every((item) => item.id === item.audioId)).toBe(true);
    const times = first.map((item) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    // Zapier keeps the ids it has seen and triggers for the others: exactly the new upload.
    const seen = new Set(first.map((item) => item.id));
    const added = await upload('promo-closing-time.mp3', 'Closing Time', 'announcement');
    const second = await poll();
    expect(second.filter((item) => !seen.has(item.id)).map((item) => item.id)).toEqual([added.audioId]);
    expect(second[0]?.id).toBe(added.audioId);
    // Everything seen before comes back with the same ids, so nothing triggers twice.
    expect(second.filter((item) => seen.has(item.id))).toHaveLength(first.length);
  });

  it('filters by category, ignoring case', async () => {
    await upload('announcement.mp3', 'Store Closing Soon', 'announcement');
    const items = await poll({ category: 'ANNOUNCEMENT' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.category === 'announcement')).toBe(true);
  });

  it('hands the MP3 on as a file a later step can fetch, through the downloadAudio hydrator', async () => {
    const [newest] = await poll();
    const pointer = /^hydrate\|\|\|(.+)\|\|\|hydrate$/.exec(newest!.file)?.[1];
    expect(pointer).toBeDefined();
    const hydration = JSON.parse(pointer!) as { type: string; method: string; bundle: { url: string } };
    expect(hydration).toMatchObject({ type: 'file', method: 'hydrators.downloadAudio' });

    // Zapier's file store (stashFile) is a Zapier service; here it just collects the bytes it would store.
    const stashed = (await appTester(
      async (z: ZObject, bundle: Bundle) => {
        z.stashFile = ((response: Promise<{ buffer(): Promise<Buffer> }>) =>
          response.then((r) => r.buffer())) as unknown as ZObject['stashFile'];
        return downloadAudio(z, bundle);
      },
      { inputData: hydration.bundle },
    )) as unknown as Buffer;
    const original = await fetch(hydration.bundle.url).then((response) => response.arrayBuffer());
    expect(Buffer.from(stashed).equals(Buffer.from(original))).toBe(true);
  });
});

describe('the audio dropdown (hidden audio_list trigger)', () => {
  it('lists every audio as id and a label that tells promos apart', async () => {
    const choices = (await appTester(App.triggers.audio_list.operation.perform, {
      authData: authFor(sandbox),
      meta: { page: 0 },
    })) as Array<{ id: string; name: string }>;
    const all = await client.audio.list({ limit: 100 });
    expect(choices.map((choice) => choice.id)).toEqual(all.data.map((audio) => audio.audioId));
    const closing = choices.find((choice) => choice.name.startsWith('Closing Time'));
    expect(closing?.name).toMatch(/^Closing Time \(announcement, \d+ s, \d{4}-\d{2}-\d{2}\)$/);
  });

  it('answers "no more" for a page past the end', async () => {
    const choices = await appTester(App.triggers.audio_list.operation.perform, {
      authData: authFor(sandbox),
      meta: { page: 1 },
    });
    expect(choices).toEqual([]);
  });
});

describe('New Audio (Instant), over the sandbox webhooks', () => {
  it('subscribes, turns a signed delivery into the new audio, refuses a forged one, and unsubscribes', async () => {
    const hooks = await startHookReceiver();
    try {
      const trigger = SandboxApp.triggers.new_audio_instant.operation;
      const subscribeData = (await sandboxAppTester(trigger.performSubscribe, {
        authData: authFor(sandbox),
        targetUrl: `${hooks.url}/hooks/catch/123/abc`,
      })) as { id: string; secret: string };
      expect(subscribeData.id).toMatch(/^whk_/);

      const added = await upload('promo-summer-sale.mp3', 'Flash Sale', 'promotion');
      const delivery = await hooks.nextDelivery(1);
      const bundle = {
        authData: authFor(sandbox),
        subscribeData,
        cleanedRequest: JSON.parse(delivery.body),
        // Zapier hands raw headers over with an Http- prefix.
        rawRequest: {
          content: delivery.body,
          headers: { 'Http-Musique-Signature': String(delivery.headers['musique-signature']) },
        },
      };
      const items = (await sandboxAppTester(trigger.perform, bundle)) as Polled[];
      expect(items.map((item) => [item.id, item.name])).toEqual([[added.audioId, 'Flash Sale']]);

      const filtered = await sandboxAppTester(trigger.perform, {
        ...bundle,
        inputData: { category: 'announcement' },
      });
      expect(filtered).toEqual([]);

      const forged = {
        ...bundle,
        rawRequest: { ...bundle.rawRequest, content: delivery.body.replace('Flash Sale', 'Free Stuff') },
      };
      expect(zapierErrorOf(await caught(sandboxAppTester(trigger.perform, forged))).message).toMatch(
        /not signed by Musique/,
      );

      await sandboxAppTester(trigger.performUnsubscribe, { authData: authFor(sandbox), subscribeData });
      expect((await client.webhooks.list()).data.map((webhook) => webhook.webhookId)).not.toContain(
        subscribeData.id,
      );
    } finally {
      await hooks.stop();
    }
  });

  it('keeps one subscription when Zapier retries the subscribe, and unsubscribes quietly when it is gone', async () => {
    const trigger = SandboxApp.triggers.new_audio_instant.operation;
    const bundle = {
      authData: authFor(sandbox),
      targetUrl: 'https://hooks.zapier.com/hooks/standard/1/retried',
    };
    const first = (await sandboxAppTester(trigger.performSubscribe, bundle)) as { id: string };
    const retried = (await sandboxAppTester(trigger.performSubscribe, bundle)) as { id: string };
    expect(retried.id).toBe(first.id);
    const hooksFor = async () =>
      (await client.webhooks.list()).data.filter((webhook) => webhook.url === bundle.targetUrl);
    expect(await hooksFor()).toHaveLength(1);

    await client.webhooks.delete(first.id);
    await expect(
      sandboxAppTester(trigger.performUnsubscribe, { ...bundle, subscribeData: first }),
    ).resolves.toMatchObject({
      deleted: true,
    });
  });

  it('gives sample data in the same shape as the polling trigger', async () => {
    const samples = (await sandboxAppTester(SandboxApp.triggers.new_audio_instant.operation.performList, {
      authData: authFor(sandbox),
    })) as Polled[];
    const polled = await poll();
    expect(samples.map((item) => item.id)).toEqual(polled.map((item) => item.id));
  });
});
