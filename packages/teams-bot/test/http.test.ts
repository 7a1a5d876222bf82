import { fetchTransport } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import type { Activity } from 'botbuilder';
import { VERBS } from '../src/domain/cards/cards.js';
import { type RunningBot, startBot } from '../src/server.js';
import { ChannelService } from './channel-service.js';
import { buttonsOf, cardOf, cardText, playerAudioNames, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let channel: ChannelService;
let bot: RunningBot;

beforeAll(async () => {
  [sandbox, channel] = await Promise.all([startTestSandbox(), new ChannelService()]);
  await channel.start();
  bot = await startBot({
    botHost: 'teams-ai', // the Teams SDK host runs the same conversation in conversation-teams-sdk.test.ts
    port: 0,
    host: '127.0.0.1',
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    log: () => {},
  });
});
afterAll(async () => {
  await bot?.stop();
  await channel?.stop();
  await sandbox?.stop();
});

const activity = (fields: Partial<Activity>) => channel.activity(fields);

async function post(body: Partial<Activity>, url = bot.url, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return { status: response.status, body: json && text ? JSON.parse(text) : text };
}

describe('POST /api/messages without Bot Framework credentials (local testing)', () => {
  it('plays the promo in store 42 and replies through the service URL', async () => {
    // As the Emulator sends it: its own channel id, a conversation without a type.
    const response = await post(
      activity({
        type: 'message',
        text: 'send promo to store 42',
        channelId: 'emulator',
        conversation: { id: 'emulator-1' } as never,
      }),
    );
    expect(response.status).toBe(200);
    const [reply] = channel.take();
    expect(reply?.conversation?.id).toBe('emulator-1');
    expect(cardText(cardOf(reply))).toContain('Sent "Summer Sale" to store_042');
    expect(await playerAudioNames(sandbox, 'store_042')).toEqual(['Summer Sale']);
  });

  it('plays a message the channel delivers twice only once', async () => {
    const message = activity({ type: 'message', text: 'send promo to store 46' });
    await post(message);
    await post(message);
    const replies = channel.take();
    expect(replies).toHaveLength(2);
    expect(cardText(cardOf(replies[1]))).toBe(cardText(cardOf(replies[0])));
    expect(await playerAudioNames(sandbox, 'store_046')).toEqual(['Summer Sale']);
  });

  it('answers a card click in the invoke response, and a double click sends once', async () => {
    await post(activity({ type: 'message', text: 'send promo to stores 1 and 2' }));
    const [question] = channel.take();
    const [send] = buttonsOf(cardOf(question));
    const click = () =>
      post(
        activity({
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: question?.id ?? 'card-1',
          value: {
            action: { type: 'Action.Execute', verb: send!.verb, data: send!.data },
            trigger: 'manual',
          },
        }),
      );
    expect(send?.verb).toBe(VERBS.confirm);
    const [first, second] = await Promise.all([click(), click()]);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    }
    const texts = [cardText(first.body.value), cardText(second.body.value)];
    expect(texts.some((text) => text.includes('Sent "Summer Sale" to 2 stores'))).toBe(true);
    for (const store of ['store_001', 'store_002'])
      expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
  });

  it('uploads an MP3 attached in a personal chat from its downloadUrl', async () => {
    await post(
      activity({
        type: 'message',
        text: 'upload this as Autumn Sale',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'autumn.mp3',
            content: {
              downloadUrl: `${channel.url}/files/promo-summer-sale.mp3`,
              uniqueId: 'f-1',
              fileType: 'mp3',
            },
          },
        ],
      }),
    );
    expect(channel.take()[0]?.text).toMatch(/^Uploaded "Autumn Sale"/);
  });

  it('refuses an attachment that is not audio', async () => {
    await post(
      activity({
        type: 'message',
        text: '',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'flyer.mp3',
            content: { downloadUrl: `${channel.url}/files/not-audio.mp3`, uniqueId: 'f-2', fileType: 'mp3' },
          },
        ],
      }),
    );
    expect(channel.take()[0]?.text).toBe(
      'flyer.mp3 is not audio: its content is not MP3, WAV, OGG or AAC, whatever its name says. Export the promo as MP3 and upload that.',
    );
  });

  it('welcomes the user when the bot is added', async () => {
    await post(
      activity({
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:musique-bot', name: 'Musique' }],
        text: undefined,
      }),
    );
    expect(channel.take()[0]?.text).toContain('send promo to store 42');
  });
});

describe('work that outlives the HTTP request', () => {
  it('replies at once and posts the result to the conversation later (a proactive message)', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The API answers only when the test says so: longer than the turn may wait.
    const slow = await startBot({
      botHost: 'teams-ai',
      port: 0,
      host: '127.0.0.1',
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      client: { transport: async (request) => gate.then(() => fetchTransport(request)) },
      messageDeadlineMs: 50,
      log: () => {},
    });
    try {
      const conversation = { id: 'a:personal-slow', conversationType: 'personal', isGroup: false, name: '' };
      expect(
        (
          await post(
            activity({ type: 'message', text: "send 'Summer Sale' to store 45", conversation }),
            slow.url,
          )
        ).status,
      ).toBe(200);
      const [holding] = channel.received.splice(0);
      expect(holding?.activity.text).toContain('I will post the result here');
      open();
      await slow.bot.idle();
      const [result] = channel.received.splice(0);
      expect(result?.method).toBe('POST');
      expect(result?.path).toMatch(/^\/v3\/conversations\/a%3Apersonal-slow\/activities/);
      expect(cardText(cardOf(result?.activity))).toContain('Sent "Summer Sale" to store_045');
      expect(await playerAudioNames(sandbox, 'store_045')).toEqual(['Summer Sale']);
    } finally {
      await slow.stop();
    }
  });
});

describe('POST /api/messages with a Microsoft app id', () => {
  let secured: RunningBot;
  beforeAll(async () => {
    secured = await startBot({
      botHost: 'teams-ai',
      port: 0,
      host: '127.0.0.1',
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      auth: {
        appId: '00000000-0000-0000-0000-00000000b07a',
        appPassword: 'not-a-real-secret',
        appType: 'MultiTenant',
      },
      log: () => {},
    });
  });
  afterAll(() => secured?.stop());

  it('refuses requests without Bot Framework authentication and sends nothing', async () => {
    // botbuilder logs each refusal with console.error; expected here.
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const unsigned = await post(activity({ type: 'message', text: 'send promo to store 43' }), secured.url);
    expect(unsigned.status).toBe(401);
    const forged = await post(activity({ type: 'message', text: 'send promo to store 43' }), secured.url, {
      authorization: 'Bearer not.a.jwt',
    });
    expect(forged.status).toBe(401);
    expect(channel.take()).toEqual([]);
    expect(await playerAudioNames(sandbox, 'store_043')).toEqual([]);
  });
});
