// The audio list's filters were never published: where the API ignores them (as production may), the bot still
// picks the promo, finds audio by name and lists promos rightly, through the core's checked results.

import { join } from 'node:path';
import { createNodeTransport, fileFromPath, type Transport } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { clientFor, playerAudioNames, startTestSandbox, TestChat, textOf } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
  const client = clientFor(sandbox);
  const file = await fileFromPath(join(__dirname, '../../../shared/fixtures/promo-summer-sale.mp3'));
  // One promo, then a full page of newer announcements: the newest ten hold no promo at all.
  await client.audio.upload({ file, name: 'Old Promo', category: 'promotion' });
  for (let n = 1; n <= 11; n++)
    await client.audio.upload({ file, name: `Notice ${n}`, category: 'announcement' });
});
afterAll(() => sandbox?.stop());

/** An API that takes the list's filters off every request. */
function ignoringFilters(): Transport {
  const transport = createNodeTransport();
  return (request) => {
    const url = new URL(request.url);
    url.searchParams.delete('category');
    url.searchParams.delete('name');
    return transport({ ...request, url: url.href });
  };
}

/** A chat of its own, so its sends' idempotency keys are its own too. */
function newChat(logged: string[]) {
  return new TestChat(
    {
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      client: { transport: ignoringFilters() },
      log: (message) => logged.push(message),
    },
    {
      conversation: { id: `a:chat-${Math.random()}`, conversationType: 'personal', isGroup: false, name: '' },
    },
  );
}

it('sends the newest promo, not the newest audio, and tells the admin once that the filter was ignored', async () => {
  const logged: string[] = [];
  const chat = newChat(logged);
  expect(textOf(await chat.say('send promo to store 5'))).toContain('Sent "Old Promo" to store_005');
  expect(await playerAudioNames(sandbox, 'store_005')).toEqual(['Old Promo']);
  await chat.say('send promo to store 6');
  expect(logged).toEqual([
    "the Musique API ignored the audio list's category filter; the bot checks each audio itself",
  ]);
});

it('lists the promos beyond the first page the API returned unfiltered', async () => {
  const chat = newChat([]);
  const text = textOf(await chat.say('list promos'));
  expect(text).toContain('Old Promo');
  expect(text).not.toContain('Notice');
});

it('finds audio by name without taking every audio for a match', async () => {
  const chat = newChat([]);
  const text = textOf(await chat.say("send 'Notice 11' to store 7"));
  expect(text).toContain('Sent "Notice 11" to store_007');
  expect(await playerAudioNames(sandbox, 'store_007')).toEqual(['Notice 11']);
});
