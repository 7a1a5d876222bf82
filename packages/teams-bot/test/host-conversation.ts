// One conversation, run against each host (teams-ai, Teams SDK) over HTTP as a Teams channel drives it: the
// channel service posts activities to /api/messages and receives the bot's replies and posts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@musique/sandbox';
import type { Activity } from 'botbuilder';
import type { BotHost } from '../src/hosts/choice.js';
import { type RunningBot, type StartBotOptions, startBot } from '../src/server.js';
import { ChannelService } from './channel-service.js';
import { buttonsOf, cardOf, cardText, clientFor, playerAudioNames, startTestSandbox } from './helpers.js';

export function describeConversationOn(botHost: BotHost): void {
  describe(`a conversation with the bot on its ${botHost} host`, () => {
    let sandbox: Sandbox;
    let channel: ChannelService;
    let dataDir: string;
    const running: RunningBot[] = [];
    let bot: RunningBot;

    const start = async (options: Partial<StartBotOptions> = {}) => {
      const started = await startBot({
        botHost,
        port: 0,
        host: '127.0.0.1',
        apiKey: sandbox.apiKey,
        baseUrl: sandbox.baseUrl,
        dataDir,
        log: () => {},
        ...options,
      });
      running.push(started);
      return started;
    };

    beforeAll(async () => {
      [sandbox, channel, dataDir] = await Promise.all([
        startTestSandbox(),
        new ChannelService(),
        mkdtemp(join(tmpdir(), `bot-${botHost}-`)),
      ]);
      await channel.start();
      bot = await start();
    });
    afterAll(async () => {
      for (const one of running) await one.stop();
      await channel?.stop();
      await sandbox?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    const post = async (
      fields: Partial<Activity>,
      to: RunningBot = bot,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(to.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(channel.activity(fields)),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return { status: response.status, body: json && text ? JSON.parse(text) : text };
    };
    const say = async (text: string, extra: Partial<Activity> = {}) => {
      expect((await post({ type: 'message', text, ...extra })).status).toBe(200);
      return channel.take();
    };
    const click = (card: Partial<Activity> | undefined, title: string, to: RunningBot = bot) => {
      const button = buttonsOf(cardOf(card)).find((one) => one.title === title);
      if (!button) throw new Error(`no "${title}" button on ${cardText(cardOf(card))}`);
      return post(
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: card?.id ?? 'card-1',
          value: {
            action: { type: 'Action.Execute', verb: button.verb, data: button.data },
            trigger: 'manual',
          },
        },
        to,
      );
    };

    it('welcomes the user when the bot is added', async () => {
      const response = await post({
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:musique-bot', name: 'Musique' }],
      } as never);
      expect(response.status).toBe(200);
      expect(channel.take()[0]?.text).toMatch(/^I play audio on your store players/);
    });

    it('refuses activities without Bot Framework authentication once it has an app id, and sends nothing', async () => {
      const secured = await start({
        auth: { appId: '00000000-0000-4000-8000-000000000042', appPassword: 'not-used', tenantId: 'tenant' },
      });
      // botbuilder logs each refusal with console.error; expected here.
      const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
      const message = { type: 'message', text: 'send promo to store 49' } as const;
      expect((await post(message, secured)).status).toBe(401);
      expect((await post(message, secured, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
      expect(channel.take()).toEqual([]);
      expect(await playerAudioNames(sandbox, 'store_049')).toEqual([]);
      quiet.mockRestore();
    });

    it('sends the promo to one store at once', async () => {
      const [reply] = await say('send promo to store 42');
      expect(cardText(cardOf(reply))).toContain('Sent "Summer Sale" to store_042');
      expect(await playerAudioNames(sandbox, 'store_042')).toEqual(['Summer Sale']);
    });

    it('asks before a broadcast and sends on the card, which updates in place', async () => {
      const [question] = await say('send promo to stores 1, 2 and 3');
      expect(cardText(cardOf(question))).toContain(
        'Play "Summer Sale" on store_001, store_002 and store_003 now?',
      );
      expect(await playerAudioNames(sandbox, 'store_001')).toEqual([]);
      const answer = await click(question, 'Send');
      expect(answer.status).toBe(200);
      expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(answer.body.value)).toContain('Sent "Summer Sale" to 3 stores');
      for (const store of ['store_001', 'store_002', 'store_003'])
        expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
    });

    it("schedules in the user's own time zone", async () => {
      const [reply] = await say('send promo to store 5 tomorrow 9:00', {
        localTimezone: 'Asia/Tokyo',
      } as never);
      // Read as 9:00 UTC, the card (shown in Tokyo time) would say 18:00.
      expect(cardText(cardOf(reply))).toMatch(
        /Scheduled "Summer Sale" to store_005[\s\S]*09:00 \(Asia\/Tokyo\)/,
      );
    });

    it('maps an activity whose zone is only in the clientInfo entity as the other host does', async () => {
      const heard = jest.spyOn(bot.bot, 'handleMessage');
      try {
        const [reply] = await say('send promo to store 6 tomorrow 9:00', {
          id: 'clientinfo-1',
          localTimezone: undefined,
          entities: [
            { type: 'clientInfo', locale: 'ja-JP', country: 'JP', platform: 'Web', timezone: 'Asia/Tokyo' },
          ],
        } as never);
        // The same domain message on both hosts (this suite runs on each).
        expect(heard.mock.calls[0]?.[0]).toEqual({
          text: 'send promo to store 6 tomorrow 9:00',
          personal: true,
          timeZone: 'Asia/Tokyo',
          files: [],
          messageId: 'clientinfo-1',
        });
        // The card shows the API's own scheduleAt on the person's clock: 09:00 in Tokyo, not 09:00 UTC.
        expect(cardText(cardOf(reply))).toMatch(
          /Scheduled "Summer Sale" to store_006[\s\S]*09:00 \(Asia\/Tokyo\)/,
        );
        expect(await playerAudioNames(sandbox, 'store_006')).toEqual([]);
      } finally {
        heard.mockRestore();
      }
    });

    it('lists promos, says its status and its commands', async () => {
      expect(cardText(cardOf((await say('list promos'))[0]))).toContain('Summer Sale');
      expect((await say('status'))[0]?.text).toMatch(
        /Musique API: \*\*healthy\*\*[\s\S]*Waiting for confirmation here: 0/,
      );
      expect((await say('help'))[0]?.text).toMatch(/^I play audio on your store players/);
    });

    it('cancels a broadcast waiting for its click; the card then sends nothing', async () => {
      const [question] = await say('send promo to stores 10 and 11');
      expect((await say('cancel'))[0]?.text).toMatch(/^Cancelled the send waiting for confirmation/);
      const answer = await click(question, 'Send');
      expect(cardText(answer.body.value)).toMatch(/cancel/i);
      expect(await playerAudioNames(sandbox, 'store_010')).toEqual([]);
    });

    it('answers hostile input in words and sends nothing', async () => {
      expect((await say('send promo to store 4\u00002'))[0]?.text).toMatch(/invisible control character/);
      expect((await say(`send promo to store ${'9'.repeat(3000)}`))[0]?.text).toMatch(
        /is too long for a store ID\. Nothing was sent\./,
      );
      const stranger = await post({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'other.app', data: { pendingId: 'tb_x' } },
          trigger: 'manual',
        },
      } as never);
      expect(stranger.body.value).toMatch(/older version of the bot/);
      expect(await playerAudioNames(sandbox, 'store_004')).toEqual([]);
    });

    it('posts the result of a send that outlives its click to the conversation (proactively)', async () => {
      const slow = await start({ invokeDeadlineMs: 0 });
      const [question] = await say('send promo to stores 20 and 21');
      const answer = await click(question, 'Send', slow);
      expect(cardText(answer.body.value)).toMatch(/Sending/);
      await slow.bot.idle();
      const [posted] = channel.take();
      expect(cardText(cardOf(posted))).toContain('Sent "Summer Sale" to 2 stores');
      expect(await playerAudioNames(sandbox, 'store_020')).toEqual(['Summer Sale']);
    });

    it('sends once when the click reaches another instance too', async () => {
      const other = await start();
      const [question] = await say('send promo to stores 30 and 31');
      const answers = await Promise.all([click(question, 'Send'), click(question, 'Send', other)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(
        answers.some((answer) => cardText(answer.body.value).includes('Sent "Summer Sale" to 2 stores')),
      ).toBe(true);
      for (const store of ['store_030', 'store_031'])
        expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
    });

    it('uploads an MP3 attached in a personal chat (last: it becomes the newest promo)', async () => {
      const [reply] = await say('upload this as Autumn Sale', {
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'autumn.mp3',
            content: { downloadUrl: `${channel.url}/files/promo-summer-sale.mp3`, fileType: 'mp3' },
          },
        ],
      });
      expect(reply?.text).toMatch(/^Uploaded "Autumn Sale"/);
      expect((await clientFor(sandbox).audio.matchName('Autumn Sale')).audio?.name).toBe('Autumn Sale');
    });
  });
}
