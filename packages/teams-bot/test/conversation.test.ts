import type { Sandbox } from '@musique/sandbox';
import { VERBS } from '../src/domain/cards/cards.js';
import { explainError } from '../src/domain/errors.js';
import {
  buttonsOf,
  cardOf,
  cardText,
  clientFor,
  fixture,
  playerAudioNames,
  startTestSandbox,
  TestChat,
  textOf,
} from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.stop());

const newChat = (
  options: Partial<ConstructorParameters<typeof TestChat>[0]> = {},
  conversationId = `a:chat-${Math.random()}`,
) =>
  new TestChat(
    { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, ...options },
    { conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' } },
  );

describe('sending from a chat message', () => {
  it('plays the newest promo in store 42 for "send promo to store 42"', async () => {
    const chat = newChat();
    const replies = await chat.say('send promo to store 42');
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(cardText(card)).toContain('Sent "Summer Sale" to store_042');
    expect(cardText(card)).toContain('playing now or next in queue');
    expect(await playerAudioNames(sandbox, 'store_042')).toContain('Summer Sale');
  });

  it('passes repeat and volume to the store, and shows them on the card', async () => {
    const card = cardOf((await newChat().say('send promo to store 46 repeat 2 volume 80'))[0]);
    expect(cardText(card)).toContain('Sent "Summer Sale" to store_046');
    const player = await sandbox.player('store_046');
    const item = [player.nowPlaying, ...player.queue].find((entry) => entry?.name === 'Summer Sale');
    expect(item).toMatchObject({ repeat: 2, volume: 80 });
  });

  it('strips the bot mention in a channel and still understands the command', async () => {
    const chat = new TestChat(
      { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
      {
        conversation: {
          id: '19:channel@thread.tacv2',
          conversationType: 'channel',
          isGroup: true,
          name: 'Ops',
        },
        recipient: { id: '28:bot', name: 'Musique' },
      },
    );
    const replies = await chat.say('<at>Musique</at> send promo to store 8', {
      entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'Musique' }, text: '<at>Musique</at>' }],
    });
    expect(cardText(cardOf(replies[0]))).toContain('store_008');
    expect(await playerAudioNames(sandbox, 'store_008')).toContain('Summer Sale');
  });

  it("resolves a store number to the tenant's own external ID, whatever its shape", async () => {
    const tenant = await sandbox.createCompany({ name: 'Corner Shops', externalIds: ['42', 'paris-7'] });
    await clientFor(sandbox, tenant.apiKey).audio.upload({
      file: { filename: 'promo.mp3', data: fixture('promo-summer-sale.mp3') },
      name: 'Corner Promo',
      category: 'promotion',
    });
    const chat = newChat({ apiKey: tenant.apiKey });
    expect(cardText(cardOf((await chat.say('send promo to store 42'))[0]))).toContain(
      'Sent "Corner Promo" to 42',
    );
    const [question] = await chat.say('send promo to stores 42 and 7');
    expect(cardText(cardOf(question))).toContain('Play "Corner Promo" on 42 and paris-7 now?');
  });

  it('names unknown stores and sends to nobody', async () => {
    const chat = newChat();
    const replies = await chat.say('send promo to stores 9 and 99');
    expect(textOf(replies)).toBe(
      'No store matches 99: your stores are named like store_001, store_002, store_003. Nothing was sent.',
    );
    expect(await playerAudioNames(sandbox, 'store_009')).toEqual([]);
  });

  it("schedules with a priority in the user's time zone", async () => {
    const chat = newChat();
    const replies = await chat.say('play summer sale at store 43 tomorrow 9:00 urgent');
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('Scheduled "Summer Sale" to store_043');
    expect(text).toMatch(/, 09:00 \(Europe\/Paris\)/);
    expect(text).toContain('Urgent: interrupts the audio playing now.');
    // Scheduled, so not yet in the player.
    expect(await playerAudioNames(sandbox, 'store_043')).toEqual([]);
  });

  it('explains a command it cannot read', async () => {
    const chat = newChat();
    expect(textOf(await chat.say('send promo'))).toContain('Which stores?');
    expect(textOf(await chat.say('what is the weather'))).toContain(
      'I did not understand "what is the weather"',
    );
    expect(textOf(await chat.say('help'))).toContain('send promo to store 42');
  });
});

describe('sends to several stores ask first', () => {
  it('sends once after the confirmation, and a second click does nothing', async () => {
    const chat = newChat();
    const [question] = await chat.say("send 'Summer Sale' to stores 12, 14 and 17");
    const card = cardOf(question);
    expect(cardText(card)).toContain('Play "Summer Sale" on store_012, store_014 and store_017 now?');
    const [send, cancel] = buttonsOf(card);
    expect(send).toMatchObject({ title: 'Send', verb: VERBS.confirm });
    expect(cancel).toMatchObject({ title: 'Cancel', verb: VERBS.cancel });
    expect(card).toMatchObject({ version: '1.5' });
    expect(await playerAudioNames(sandbox, 'store_012')).toEqual([]);

    const first = await chat.click(send!.verb, send!.data);
    expect(first.type).toBe('application/vnd.microsoft.card.adaptive');
    const firstText = cardText(first.value);
    expect(firstText).toContain('Sent "Summer Sale" to 3 stores');
    for (const store of ['store_012', 'store_014', 'store_017']) expect(firstText).toContain(store);

    const second = await chat.click(send!.verb, send!.data);
    expect(cardText(second.value)).toBe(firstText);
    for (const store of ['store_012', 'store_014', 'store_017']) {
      expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
    }
  });

  it('asks before "all stores" and sends nothing when cancelled', async () => {
    const chat = newChat();
    const [question] = await chat.say('send promo to all stores');
    const card = cardOf(question);
    expect(cardText(card)).toContain('Play "Summer Sale" on all 50 stores now?');
    expect(textOf(await chat.say('cancel'))).toContain(
      'Cancelled the send waiting for confirmation ("Summer Sale")',
    );
    const [send] = buttonsOf(card);
    const clicked = await chat.click(send!.verb, send!.data);
    expect(cardText(clicked.value)).toContain('Cancelled: "Summer Sale" was not sent.');
    expect(await playerAudioNames(sandbox, 'store_050')).toEqual([]);
  });

  it('answers a confirmation nobody knows (another bot, or long gone) without sending', async () => {
    const chat = newChat();
    const clicked = await chat.click(VERBS.confirm, { pendingId: 'tb_unknown' });
    expect(cardText(clicked.value)).toContain('This confirmation has expired');
  });
});

describe('choosing the audio', () => {
  it('asks which one when two audio files match, then sends the one picked', async () => {
    const client = clientFor(sandbox);
    const file = { filename: 'door.mp3', data: fixture('promo-closing-time.mp3') };
    const first = await client.audio.upload({ file, name: 'Doors Open', category: 'announcement' });
    await client.audio.upload({ file, name: 'Doors Open', category: 'announcement' });

    const chat = newChat();
    const [question] = await chat.say("send 'doors open' to store 21");
    const card = cardOf(question);
    expect(cardText(card)).toContain('Several audio files match "doors open". Which one?');
    const buttons = buttonsOf(card);
    expect(buttons).toHaveLength(2);
    const pick = buttons.find((button) => button.data.audioId === first.audioId)!;
    const result = await chat.click(pick.verb, pick.data);
    expect(cardText(result.value)).toContain('Sent "Doors Open" to store_021');
    const player = await sandbox.player('store_021');
    expect([player.nowPlaying, ...player.queue].map((item) => item?.audioId)).toContain(first.audioId);
  });

  it('says so when no audio has that name', async () => {
    const chat = newChat();
    expect(textOf(await chat.say("send 'Winter Sale' to store 5"))).toBe(
      'No audio is named like "Winter Sale". List the audio to see the names.',
    );
  });

  it('lists promos with a send button each that sends once to the stores typed on the card', async () => {
    const chat = newChat();
    const [list] = await chat.say('list promos');
    const card = cardOf(list);
    expect(cardText(card)).toContain('Summer Sale');
    expect(cardText(card)).not.toContain('Closing Time');
    const [send] = buttonsOf(card);
    expect(send).toMatchObject({ verb: VERBS.sendAudio, data: { audioName: 'Summer Sale' } });
    const result = await chat.click(send!.verb, { ...send!.data, stores: '31' }, list?.id);
    expect(cardText(result.value)).toContain('Sent "Summer Sale" to store_031');
    const again = await chat.click(send!.verb, { ...send!.data, stores: '31' }, list?.id);
    expect(cardText(again.value)).toBe(cardText(result.value));
    expect(await playerAudioNames(sandbox, 'store_031')).toEqual(['Summer Sale']);
    const missing = await chat.click(send!.verb, { ...send!.data, stores: '' });
    expect(missing.value).toContain('Type the stores');
  });
});

describe('errors in plain words', () => {
  it('says which permission the key lacks', async () => {
    const readOnly = await sandbox.createApiKey({ permissions: ['audio.read'] });
    const chat = newChat({ apiKey: readOnly });
    expect(textOf(await chat.say('send promo to store 2'))).toContain(
      'The bot\'s Musique API key lacks the "audio.send" permission',
    );
  });

  it('names the stores the API refuses when the bot has no store list of its own', async () => {
    const client = clientFor(sandbox);
    const promo = await client.audio.latest({ category: 'promotion' });
    const error = await client.audio
      .send(promo!.audioId, { externalIds: ['store_001', 'store_099'] })
      .catch((e: unknown) => e);
    expect(explainError(error)).toBe('Musique does not know store store_099, so nothing was sent.');
    expect(await playerAudioNames(sandbox, 'store_001')).toEqual([]);
  });

  it("reports the API status and the key's permissions", async () => {
    const chat = newChat();
    const text = textOf(await chat.say('status'));
    expect(text).toContain('Musique API: **healthy**');
    expect(text).toContain('audio.send');
  });
});

describe('uploading an MP3 from a personal chat', () => {
  let fileServer: import('node:http').Server;
  let filesUrl: string;
  beforeAll(async () => {
    const { createServer } = await import('node:http');
    fileServer = createServer((req, res) => {
      const name = decodeURIComponent(req.url!.slice(1));
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(fixture(name));
    });
    await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(fileServer.address() as import('node:net').AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => fileServer.close(resolve)));

  const attachment = (file: string, name = file) => ({
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    name,
    content: { downloadUrl: `${filesUrl}/${file}`, uniqueId: file, fileType: 'mp3' },
  });

  it('uploads an attached MP3 under the name given, and it can be sent', async () => {
    const chat = newChat();
    const replies = await chat.say('upload this as Spring Sale', {
      attachments: [attachment('promo-closing-time.mp3')],
    });
    expect(textOf(replies)).toMatch(/Uploaded "Spring Sale" \(\d+:\d{2}\)/);
    const [latest] = await clientFor(sandbox).audio.findByName('Spring Sale');
    expect(latest).toMatchObject({ name: 'Spring Sale', category: 'promotion', format: 'mp3' });
    expect(cardText(cardOf((await chat.say('send promo to store 44'))[0]))).toContain(
      'Sent "Spring Sale" to store_044',
    );
  });

  it("uploads a WAV too: the core's audio check decides, not the file name", async () => {
    const chat = newChat();
    const replies = await chat.say('upload this as Doors Open Wav', {
      attachments: [attachment('announcement.wav')],
    });
    expect(textOf(replies)).toMatch(/Uploaded "Doors Open Wav" \(\d+:\d{2}\)/);
    const [uploaded] = await clientFor(sandbox).audio.findByName('Doors Open Wav');
    expect(uploaded).toMatchObject({ format: 'wav' });
  });

  it('refuses a file that is not audio, whatever its name', async () => {
    const chat = newChat();
    const replies = await chat.say('upload this as Fake', { attachments: [attachment('not-audio.mp3')] });
    expect(textOf(replies)).toContain('not-audio.mp3 is not audio: its content is not MP3, WAV, OGG or AAC');
    expect(await clientFor(sandbox).audio.findByName('Fake')).toEqual([]);
  });

  it('asks for a personal chat when a file comes in a channel', async () => {
    const chat = new TestChat(
      { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
      {
        conversation: { id: '19:ops@thread.tacv2', conversationType: 'channel', isGroup: true, name: 'Ops' },
      },
    );
    const replies = await chat.say('upload this', { attachments: [attachment('promo-summer-sale.mp3')] });
    expect(textOf(replies)).toContain('personal chat');
  });
});

describe('durable storage', () => {
  it('keeps a confirmation across a restart, so its click still sends once', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = await mkdtemp(join(tmpdir(), 'teams-bot-'));
    try {
      const conversation = 'a:durable-chat';
      const [question] = await newChat({ dataDir }, conversation).say(
        "send 'Summer Sale' to stores 25 and 26",
      );
      const [send] = buttonsOf(cardOf(question));
      const restarted = newChat({ dataDir }, conversation);
      const clicked = await restarted.click(send!.verb, send!.data);
      expect(cardText(clicked.value)).toContain('Sent "Summer Sale" to 2 stores');
      expect(cardText((await restarted.click(send!.verb, send!.data)).value)).toBe(cardText(clicked.value));
      expect(await playerAudioNames(sandbox, 'store_025')).toEqual(['Summer Sale']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
