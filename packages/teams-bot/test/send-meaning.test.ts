// What a send means in the chat is the core's plan: groups and ranges, the one rule for time in the person's
// zone, and an identical send within the repeat window asking first. Against a real sandbox, through the bot.
import type { Sandbox } from '@musique/sandbox';
import { MemoryStorage, type Storage } from 'botbuilder';
import { VERBS } from '../src/domain/cards/cards.js';
import { cardActionOf, incomingMessageOf } from '../src/domain/conversation/activity.js';
import {
  buttonsOf,
  cardOf,
  cardText,
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

const chatIn = (timeZone = 'Europe/Paris', storage?: Storage) =>
  new TestChat(
    {
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      groups: 'paris = store_001-store_010; north = store_011, store_012',
      ...(storage ? { storage } : {}),
    },
    {
      conversation: { id: `a:chat-${Math.random()}`, conversationType: 'personal', isGroup: false, name: '' },
      localTimezone: timeZone,
    } as never,
  );

/** A wall clock reading in `timeZone`, as a person there would type it: "2026-12-07 09:59". */
function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

describe('stores as a person names them', () => {
  it('sends to a named group after a confirmation that names the group and its size', async () => {
    const chat = chatIn();
    const [question] = await chat.say('send Summer Sale to the Paris stores');
    const card = cardOf(question);
    expect(cardText(card)).toContain('Play "Summer Sale" on Paris (10 stores) now?');
    expect(await playerAudioNames(sandbox, 'store_001')).toEqual([]);
    const [send] = buttonsOf(card);
    const result = await chat.click(send!.verb, send!.data);
    expect(cardText(result.value)).toContain('Sent "Summer Sale" to 10 stores');
    for (const store of ['store_001', 'store_005', 'store_010'])
      expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
    expect(await playerAudioNames(sandbox, 'store_011')).toEqual([]);
  });

  it('sends to a range of store numbers', async () => {
    const chat = chatIn();
    const [question] = await chat.say('send promo to 13-15');
    expect(cardText(cardOf(question))).toContain(
      'Play "Summer Sale" on store_013, store_014 and store_015 now?',
    );
    const [send] = buttonsOf(cardOf(question));
    await chat.click(send!.verb, send!.data);
    for (const store of ['store_013', 'store_014', 'store_015'])
      expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
    expect(await playerAudioNames(sandbox, 'store_016')).toEqual([]);
  });
});

describe("the one rule for time, on the person's clock", () => {
  it("refuses yesterday 09:00 in the person's zone with both times there, and sends nothing", async () => {
    const yesterday = wallClock(new Date(Date.now() - 24 * 60 * 60_000), 'Asia/Tokyo');
    const text = textOf(await chatIn('Asia/Tokyo').say(`send promo to store 20 on ${yesterday.date} 09:00`));
    expect(text).toMatch(
      /^\w+,? \d+ \w+ \d{4}, 09:00 \(Asia\/Tokyo\) has already passed: it is now .+ \(Asia\/Tokyo\)\. Nothing was sent\./,
    );
    expect(await playerAudioNames(sandbox, 'store_020')).toEqual([]);
  });

  it('plays a time a minute ago now, and says so', async () => {
    const aMinuteAgo = wallClock(new Date(Date.now() - 60_000), 'Europe/Paris');
    const [reply] = await chatIn().say(`send promo to store 21 on ${aMinuteAgo.date} ${aMinuteAgo.time}`);
    const text = cardText(cardOf(reply));
    expect(text).toContain('Sent "Summer Sale" to store_021');
    expect(text).toMatch(
      new RegExp(
        `${aMinuteAgo.time} \\(Europe/Paris\\) passed (a minute|\\d minutes) ago, within the 5-minute grace, so it plays now\\.`,
      ),
    );
    expect(await playerAudioNames(sandbox, 'store_021')).toEqual(['Summer Sale']);
  });
});

describe('a repeated send', () => {
  it('asks before an identical send within the window, says when the first went, and plays again only on yes', async () => {
    // Two instances of the bot on one storage, each with its own chat: recent sends are seen by both.
    const shared = new MemoryStorage();
    expect(
      cardText(cardOf((await chatIn('Europe/Paris', shared).say('send promo to store 22'))[0])),
    ).toContain('Sent "Summer Sale" to store_022');
    const chat = chatIn('Europe/Paris', shared);
    const [question] = await chat.say('send promo to store 22');
    const card = cardOf(question);
    expect(cardText(card)).toMatch(
      /The same send went a minute ago \(.+ \(Europe\/Paris\)\)\. Play "Summer Sale" on store_022 now again\?/,
    );
    expect(await playerAudioNames(sandbox, 'store_022')).toEqual(['Summer Sale']);
    const [send] = buttonsOf(card);
    expect(send).toMatchObject({ title: 'Send', verb: VERBS.confirm });
    await chat.click(send!.verb, send!.data);
    expect(await playerAudioNames(sandbox, 'store_022')).toEqual(['Summer Sale', 'Summer Sale']);
  });

  it('replays, rather than asks, a message Teams delivers twice', async () => {
    const chat = chatIn();
    const first = await chat.say('send promo to store 23', { id: 'delivered-twice' });
    const again = await chat.say('send promo to store 23', { id: 'delivered-twice' });
    expect(cardText(cardOf(again[0]))).toBe(cardText(cardOf(first[0])));
    expect(await playerAudioNames(sandbox, 'store_023')).toEqual(['Summer Sale']);
  });
});

describe('one activity mapping for both hosts', () => {
  it("reads the person's zone from the clientInfo entity when the activity has no localTimezone", () => {
    const activity = {
      id: 'm-1',
      text: 'send promo to store 6 tomorrow 9:00',
      conversation: { conversationType: 'personal' },
      entities: [{ type: 'mention' }, { type: 'clientInfo', locale: 'ja-JP', timezone: 'Asia/Tokyo' }],
    };
    expect(incomingMessageOf(activity)).toEqual({
      text: 'send promo to store 6 tomorrow 9:00',
      personal: true,
      timeZone: 'Asia/Tokyo',
      files: [],
      messageId: 'm-1',
    });
    const click = {
      replyToId: 'card-1',
      entities: activity.entities,
      value: { action: { type: 'Action.Execute', verb: VERBS.confirm, data: { pendingId: 'tb_1' } } },
    };
    expect(cardActionOf(click)).toEqual({
      verb: VERBS.confirm,
      data: { pendingId: 'tb_1' },
      cardId: 'card-1',
      timeZone: 'Asia/Tokyo',
    });
  });
});
