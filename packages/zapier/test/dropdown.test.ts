import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { App, appTester, authFor, FIXTURES, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
const uploadedNewestFirst: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  const data = new Uint8Array(readFileSync(path.join(FIXTURES, 'announcement.mp3')));
  // One more than a page; uploaded one after another, so the list order (newest first) is known.
  for (let i = 0; i < 101; i++) {
    const uploaded = await client.audio.upload({ file: { filename: 'promo.mp3', data }, name: `Promo ${i}` });
    uploadedNewestFirst.unshift(uploaded.audioId);
  }
}, 60_000);
afterAll(() => sandbox.stop());

const page = (n: number) =>
  appTester(App.triggers.audio_list.operation.perform, {
    authData: authFor(sandbox),
    meta: { page: n },
  }) as Promise<Array<{ id: string }>>;

describe('the audio dropdown past one page', () => {
  it('loads the 101st audio on "load more", and nothing after it', async () => {
    const first = await page(0);
    const second = await page(1);
    expect(first.map((choice) => choice.id)).toEqual(uploadedNewestFirst.slice(0, 100));
    expect(second.map((choice) => choice.id)).toEqual(uploadedNewestFirst.slice(100));
    expect(await page(2)).toEqual([]);
  });
});
