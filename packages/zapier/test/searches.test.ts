import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { App, appTester, authFor, caught, FIXTURES, startTestSandbox, zapierErrorOf } from './helpers.js';

type Found = { id: string; name: string; category: string | null };

let sandbox: Sandbox;
let client: MusiqueClient;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  const data = new Uint8Array(readFileSync(path.join(FIXTURES, 'promo-summer-sale.mp3')));
  // Oldest first, so "Summer Sale Extended" is the newest.
  for (const [name, category] of [
    ['Summer Sale', 'promotion'],
    ['Store Closing', 'announcement'],
    ['Summer Sale Extended', 'promotion'],
  ] as const) {
    await client.audio.upload({ file: { filename: 'promo.mp3', data }, name, category });
  }
});
afterAll(() => sandbox.stop());

const find = (inputData: Record<string, string>) =>
  appTester(App.searches.find_audio.operation.perform, { authData: authFor(sandbox), inputData }) as Promise<
    Found[]
  >;

describe('Find Audio', () => {
  it('puts the exact name first, ahead of newer audio whose name only starts with it', async () => {
    const found = await find({ name: 'summer sale' });
    expect(found.map((audio) => audio.name)).toEqual(['Summer Sale', 'Summer Sale Extended']);
  });

  it('finds by ID', async () => {
    const [newest] = (await client.audio.list({ limit: 1 })).data;
    const found = await find({ audio_id: newest!.audioId });
    expect(found.map((audio) => audio.id)).toEqual([newest!.audioId]);
  });

  it('finds the newest audio of a category', async () => {
    const found = await find({ category: 'announcement' });
    expect(found.map((audio) => audio.name)).toEqual(['Store Closing']);
  });

  it('answers an empty list, not an error, when nothing matches', async () => {
    expect(await find({ name: 'Black Friday' })).toEqual([]);
    expect(await find({ audio_id: 'aud_doesnotexist' })).toEqual([]);
    expect(await find({ name: 'Summer', category: 'emergency' })).toEqual([]);
  });

  it('asks for something to search by', async () => {
    expect(zapierErrorOf(await caught(find({}))).message).toMatch(
      /Fill in a name, an audio ID or a category/,
    );
  });

  it('pairs with Upload Audio for "find or upload"', () => {
    expect(App.searchOrCreates.find_audio).toMatchObject({ search: 'find_audio', create: 'upload_audio' });
  });
});
