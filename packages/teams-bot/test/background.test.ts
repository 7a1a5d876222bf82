import type { Sandbox } from '@musique/sandbox';
import {
  buttonsOf,
  cardOf,
  cardText,
  playerAudioNames,
  startTestSandbox,
  TestChat,
  textOf,
} from './helpers.js';

// The sandbox's rate-limit windows follow this clock, and the bot's client sleeps by moving it: a 429's
// Retry-After passes at once, or when a test opens the gate.
let now = Date.parse('2030-01-07T10:00:30Z');
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ clock: () => new Date(now), rateLimits: { perMinute: 3 } });
});
afterAll(() => sandbox?.stop());

/** Uses up this minute's requests of a key (limits are per key). */
async function exhaust(key: string): Promise<void> {
  for (let status = 0; status !== 429; ) {
    status = (await fetch(`${sandbox.baseUrl}/audio?limit=1`, { headers: { 'x-api-key': key } })).status;
  }
}

/** A key of its own with this minute's requests used up. */
async function exhaustedKey(): Promise<string> {
  const key = await sandbox.createApiKey();
  await exhaust(key);
  return key;
}

/** A sleep that waits until the test opens it, then moves the clock on. */
function gatedSleep() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    sleep: async (ms: number) => {
      await opened;
      now += ms;
    },
    open,
  };
}

const chatWith = (apiKey: string, options: Partial<ConstructorParameters<typeof TestChat>[0]> = {}) =>
  new TestChat(
    { apiKey, baseUrl: sandbox.baseUrl, ...options },
    {
      conversation: { id: `a:chat-${Math.random()}`, conversationType: 'personal', isGroup: false, name: '' },
    },
  );

describe('a rate-limited API (429)', () => {
  it('says it is rate limited and sends nothing when the wait is beyond the retry budget', async () => {
    const chat = chatWith(await exhaustedKey(), {
      client: { retry: { maxElapsedMs: 1000 }, now: () => now },
    });
    const text = textOf(await chat.say('send promo to store 42'));
    expect(text).toBe('The Musique API is rate limiting this bot; nothing was sent. Try again in 30 s.');
    expect(await playerAudioNames(sandbox, 'store_042')).toEqual([]);
  });

  it('says "retrying in 30 s", waits for the window and then sends', async () => {
    const chat = chatWith(await exhaustedKey(), {
      client: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    const replies = await chat.say('send promo to store 41');
    expect(replies[0]?.text).toBe('The Musique API is rate limiting this bot; retrying in 30 s.');
    expect(cardText(cardOf(replies[1]))).toContain('Sent "Summer Sale" to store_041');
    expect(await playerAudioNames(sandbox, 'store_041')).toEqual(['Summer Sale']);
  });
});

describe('work that outlives the turn', () => {
  it('answers the message at once and posts the result when the send is done', async () => {
    const gate = gatedSleep();
    const chat = chatWith(await exhaustedKey(), {
      client: { now: () => now, sleep: gate.sleep },
      messageDeadlineMs: 50,
    });
    const replies = await chat.say('send promo to store 40');
    expect(textOf(replies)).toMatch(
      /^The Musique API is rate limiting this bot; retrying in \d+ s\.\nThis is taking longer than usual \(the Musique API is busy\); I will post the result here\.$/,
    );
    gate.open();
    const posted = await chat.posted();
    expect(posted).toHaveLength(1);
    expect(cardText(cardOf(posted[0]))).toContain('Sent "Summer Sale" to store_040');
    expect(await playerAudioNames(sandbox, 'store_040')).toEqual(['Summer Sale']);
  });

  it('shows "sending" on the card within the invoke limit, posts the result later, and a click meanwhile sends nothing more', async () => {
    const gate = gatedSleep();
    // Asks before the rate limit is hit, so only the confirmed send has to wait.
    const key = await sandbox.createApiKey();
    const chat = chatWith(key, { client: { now: () => now, sleep: gate.sleep }, invokeDeadlineMs: 50 });
    const [question] = await chat.say('send promo to stores 38 and 39');
    const [send] = buttonsOf(cardOf(question));
    expect(send).toBeDefined();
    await exhaust(key);

    const clicked = await chat.click(send!.verb, send!.data);
    expect(cardText(clicked.value)).toContain('Sending "Summer Sale" to store_038 and store_039…');
    const again = await chat.click(send!.verb, send!.data);
    expect(cardText(again.value)).toContain('Sending "Summer Sale"');

    gate.open();
    const posted = await chat.posted();
    expect(posted).toHaveLength(1);
    expect(cardText(cardOf(posted[0]))).toContain('Sent "Summer Sale" to 2 stores');
    for (const store of ['store_038', 'store_039'])
      expect(await playerAudioNames(sandbox, store)).toEqual(['Summer Sale']);
  });
});
