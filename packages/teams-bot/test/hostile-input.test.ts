import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport, type Transport, ValidationError } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { VERBS } from '../src/domain/cards/cards.js';
import { cardText, clientFor, fixture, startTestSandbox, TestChat, textOf } from './helpers.js';

/**
 * Hostile chat input, as issue 12 lists it: each ends in a chat reply that says what to do, never a stack trace,
 * and never a request the core or the bot could have refused (the sandbox answers no 4xx).
 */
let sandbox: Sandbox;
let files: Server;
let filesUrl: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  files = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(fixture(req.url!.slice(1)));
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => files.close(resolve));
  await sandbox?.stop();
});

/** A personal chat whose client records what the API refused, and whose log records what went wrong. */
function watchedChat() {
  const refused: string[] = [];
  const logged: unknown[] = [];
  const transport: Transport = async (request) => {
    const response = await fetchTransport(request);
    if (response.status >= 400) refused.push(`${request.method} ${request.url} -> ${response.status}`);
    return response;
  };
  const chat = new TestChat(
    {
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      client: { transport },
      log: (message, error) => logged.push(error ?? message),
    },
    {
      conversation: {
        id: `a:hostile-${Math.random()}`,
        conversationType: 'personal',
        isGroup: false,
        name: '',
      },
    },
  );
  return { chat, refused, logged };
}

const attachment = (file: string, name = file) => ({
  contentType: 'application/vnd.microsoft.teams.file.download.info',
  name,
  content: { downloadUrl: `${filesUrl}/${file}`, uniqueId: `${file}-${Math.random()}`, fileType: 'mp3' },
});

const cases: { what: string; text: string; extra?: () => object; reply: RegExp }[] = [
  {
    what: 'a NUL in an audio name',
    text: "send 'Sum\0mer Sale' to store 42",
    reply: /contains an invisible control character/,
  },
  { what: 'a NUL in a store', text: 'send promo to store 4\u00002', reply: /invisible control character/ },
  { what: 'a lone surrogate in a name', text: "send 'Sum\uD800mer' to store 42", reply: /broken unicode/ },
  {
    what: 'a 5,000-character message',
    text: `send '${'a'.repeat(5000)}' to store 42`,
    reply: /too long|characters/i,
  },
  { what: 'a 5,000-character word salad', text: 'x'.repeat(5000), reply: /did not understand "x{80}…"/ },
  {
    what: 'an impossible date',
    text: 'send promo to store 42 on 2026-02-30 09:00',
    reply: /2026-02-30 is not a real date/,
  },
  {
    what: 'an unknown store',
    text: 'send promo to store 99',
    reply:
      /^No store matches 99: your stores are named like store_001, store_002, store_003\. Nothing was sent\.$/,
  },
  { what: 'a repeat out of range', text: 'send promo to store 42 repeat 1000', reply: /Repeat must be from/ },
  {
    what: 'a non-audio attachment',
    text: 'upload this as Flyer',
    extra: () => ({ attachments: [attachment('not-audio.mp3', 'flyer.mp3')] }),
    reply: /^flyer\.mp3 is not audio: its content is not MP3, WAV, OGG or AAC/,
  },
  {
    what: 'a NUL in an upload name',
    text: 'upload this as Bad\0Name',
    extra: () => ({ attachments: [attachment('announcement.mp3')] }),
    reply: /invisible control character/,
  },
  {
    what: 'an upload name of 5,000 characters',
    text: `upload this as ${'n'.repeat(5000)}`,
    extra: () => ({ attachments: [attachment('announcement.mp3')] }),
    reply: /too long|characters/i,
  },
];

describe('hostile chat input', () => {
  it.each(cases)(
    'answers $what in words, with no request the API refuses',
    async ({ text, extra, reply }) => {
      const { chat, refused, logged } = watchedChat();
      const replies = await chat.say(text, extra?.() ?? {});
      const said = textOf(replies);
      expect(said).toMatch(reply);
      expect(said).not.toMatch(/\n\s+at |Error:|Something went wrong/);
      expect(refused).toEqual([]);
      // The core's own refusals (a NUL byte) need no request; anything else logged would be a bot failure.
      expect(logged.filter((error) => !(error instanceof ValidationError))).toEqual([]);
    },
  );

  it('answers hostile stores typed in a list card, with no request the API refuses', async () => {
    const [audio] = (await clientFor(sandbox).audio.list({ limit: 1 })).data;
    for (const [stores, reply] of [
      ['4\u00002', /store|NUL/i],
      ['9'.repeat(5000), /^"9{20}…" is too long for a store ID\. Nothing was sent\.$/],
      ['99', /^No store matches 99: /],
    ] as const) {
      const { chat, refused } = watchedChat();
      const answer = await chat.click(VERBS.sendAudio, {
        audioId: audio!.audioId,
        audioName: audio!.name,
        stores,
      });
      expect(cardText(answer.value)).toMatch(reply);
      expect(refused).toEqual([]);
    }
  });
});
