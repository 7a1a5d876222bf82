// The bot's state over botbuilder's Storage: a confirmation is claimed once however many instances race for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendPlan } from '@musique/core';
import { MemoryStorage, type Storage } from 'botbuilder';
import { PendingConfirmations } from '../src/domain/conversation/pending.js';
import { botStorageOver, FileStorage } from '../src/hosts/storage.js';

const plan: SendPlan = {
  audio: {
    audioId: 'aud_1',
    name: 'Summer Sale',
    duration: 30,
    format: 'mp3',
    url: 'https://cdn.example/aud_1.mp3',
    category: 'promotion',
  },
  stores: {
    externalIds: ['store_001', 'store_002'],
    everyStore: false,
    groups: [],
    stores: ['store_001', 'store_002'],
    described: 'store_001, store_002',
  },
  at: null,
  timeZone: 'Europe/Paris',
  when: 'now',
  confirm: { question: 'Play "Summer Sale" on store_001, store_002 now?', reasons: ['several-stores'] },
  identity: 'a1b2',
  notes: [],
};

async function raceForOneConfirmation(shared: Storage) {
  // Two instances: each its own adapter over the one shared storage.
  const instances = [
    new PendingConfirmations(botStorageOver(shared)),
    new PendingConfirmations(botStorageOver(shared)),
  ];
  const confirmation = await instances[0]!.create('conversation-1', plan);
  const claims = await Promise.all(
    Array.from({ length: 10 }, (_, i) => instances[i % 2]!.claim(confirmation.id)),
  );
  return claims.map((claim) => claim.kind);
}

test('ten clicks through two instances on one botbuilder MemoryStorage claim the confirmation once', async () => {
  const kinds = await raceForOneConfirmation(new MemoryStorage());
  expect(kinds.filter((kind) => kind === 'claimed')).toHaveLength(1);
  expect(kinds.filter((kind) => kind === 'settled')).toHaveLength(9);
});

test('the file store keeps eTags too: a stale write is refused, and the race is won once', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'bot-storage-'));
  try {
    const files = new FileStorage(directory);
    await files.write({ k: { value: 1 } });
    const { k } = await files.read(['k']);
    await files.write({ k: { value: 2, eTag: k!.eTag } });
    await expect(files.write({ k: { value: 3, eTag: k!.eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await files.read(['k'])).k).toMatchObject({ value: 2 });
    const kinds = await raceForOneConfirmation(files);
    expect(kinds.filter((kind) => kind === 'claimed')).toHaveLength(1);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('an unknown storage kind in the environment is refused by name', async () => {
  const { optionsFromEnv } = await import('../src/config.js');
  expect(() =>
    optionsFromEnv({ MUSIQUE_API_KEY: 'msk_dev_1234567890abcdef', MUSIQUE_BOT_STORAGE: 'redis' }),
  ).toThrow('MUSIQUE_BOT_STORAGE "redis" is not one of memory, file, azure-blobs.');
});
