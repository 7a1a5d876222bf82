/**
 * One send, one meaning: a table of send intents driven through every surface the way its users drive it, each
 * checked on the sandbox's players (who got it, how many times) and on the instant it was scheduled for. The
 * words differ by surface; the outcome, the instant and the refusal do not.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wallTimeAt } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { client } from './client';
import {
  cliSurface,
  n8nSurface,
  type SendWords,
  type Surface,
  type SurfaceAnswer,
  TIME_ZONE,
  zapierSurface,
} from './send-surfaces';
import { receivedBy } from './stores';

const pad = (n: number) => String(n).padStart(2, '0');
/** A wall-clock time in Paris, `days` from today, as a form takes it: 2026-12-08T09:00. */
function parisWallTime(days: number, hour?: number, minute?: number): string {
  const day = wallTimeAt(new Date(Date.now() + days * 86_400_000), TIME_ZONE);
  const now = wallTimeAt(new Date(Date.now() - 60_000), TIME_ZONE);
  return `${day.year}-${pad(day.month)}-${pad(day.day)}T${pad(hour ?? now.hour)}:${pad(minute ?? now.minute)}`;
}

interface Intent {
  says: string;
  words: Omit<SendWords, 'run'> | ((surface: Surface) => Omit<SendWords, 'run'>);
  /** The stores that play it once each; none for a refusal. */
  plays?: string[];
  /** The refusal, in the core's sentence every surface shows. */
  refused?: RegExp;
  scheduled?: boolean;
  /** What every surface's answer must say beside the send. */
  tells?: RegExp;
}

const stores = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `store_${String(from + i).padStart(3, '0')}`);

const intents: Intent[] = [
  { says: '42', words: { audio: 'Summer Sale', stores: '42' }, plays: ['store_042'] },
  { says: '"12, 42"', words: { audio: 'Summer Sale', stores: '12, 42' }, plays: ['store_012', 'store_042'] },
  { says: 'a range', words: { audio: 'Summer Sale', stores: '13-15' }, plays: stores(13, 15) },
  { says: 'a group', words: { audio: 'Closing Time', stores: 'paris' }, plays: stores(1, 10) },
  { says: 'all', words: { audio: 'Store Announcement', stores: 'all' }, plays: stores(1, 50) },
  { says: '999', words: { audio: 'Summer Sale', stores: '12, 999' }, refused: /No store matches 999/ },
  {
    says: 'yesterday 09:00',
    words: { audio: 'Summer Sale', stores: '42', at: parisWallTime(-1, 9, 0) },
    refused: /09:00 \(Europe\/Paris\) has already passed: it is now .* \(Europe\/Paris\)/,
  },
  {
    says: 'a minute ago',
    words: { audio: 'Closing Time', stores: '20', at: parisWallTime(0) },
    plays: ['store_020'],
    tells: /passed (a minute|\d minutes) ago, within the 5-minute grace, so it plays now/,
  },
  {
    says: 'tomorrow 09:00 in Europe/Paris',
    // The CLI takes the words a person types; the forms take the date their pickers write.
    words: (surface) => ({
      audio: 'Summer Sale',
      stores: '21',
      at: surface.name === 'CLI' ? 'tomorrow 9:00' : parisWallTime(1, 9, 0),
    }),
    scheduled: true,
  },
  {
    says: 'an ambiguous name',
    words: { audio: 'Twin Promo', stores: '42' },
    refused: /matches 2 audio files/,
  },
  {
    says: 'an unknown name',
    words: { audio: 'No Such Promo', stores: '42' },
    refused: /No audio is named like/,
  },
  {
    says: 'volume 150',
    words: { audio: 'Summer Sale', stores: '42', volume: 150 },
    refused: /Volume \(%\) must be from 0 to 100; got 150/,
  },
  {
    says: 'repeat 0',
    words: { audio: 'Summer Sale', stores: '42', repeat: 0 },
    refused: /Repeat must be from 1 to 10; got 0/,
  },
];

let sandbox: Sandbox;
let surfaces: Surface[];
const runs = new Map<string, number>();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const data = new Uint8Array(await readFile(join(__dirname, '../shared/fixtures/promo-closing-time.mp3')));
  for (const name of ['Twin Promo A', 'Twin Promo B'])
    await client(sandbox).audio.upload({ file: { filename: 'twin.mp3', data }, name });
  surfaces = [cliSurface(sandbox), zapierSurface(sandbox), n8nSurface(sandbox)];
});
afterAll(() => sandbox.stop());

/** How many times each store has received anything so far. */
async function playsOf(externalIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of externalIds) counts.set(id, (await receivedBy(sandbox, id)).length);
  return counts;
}

/** Sends on one surface and returns its answer and, per store, how many plays it added. */
async function sendOn(surface: Surface, intent: Intent, watched: string[], run?: string) {
  const words = typeof intent.words === 'function' ? intent.words(surface) : intent.words;
  const id =
    run ?? `${surface.name}-${runs.set(surface.name, (runs.get(surface.name) ?? 0) + 1).get(surface.name)}`;
  const before = await playsOf(watched);
  const answer: SurfaceAnswer = await surface.send({ ...words, run: id });
  const after = await playsOf(watched);
  const added = watched.filter((store) => (after.get(store) ?? 0) > (before.get(store) ?? 0));
  const extra = watched.filter((store) => (after.get(store) ?? 0) - (before.get(store) ?? 0) > 1);
  return { answer, added, extra };
}

const everyStore = stores(1, 50);

describe.each(intents)('$says', (intent) => {
  test('means the same on every surface', async () => {
    const instants = new Set<string | null | undefined>();
    for (const surface of surfaces) {
      const { answer, added, extra } = await sendOn(surface, intent, everyStore);
      const context = `${surface.name} said: ${answer.words}`;
      if (intent.refused) {
        expect({ context, sent: answer.sent }).toEqual({ context, sent: false });
        expect(answer.words).toMatch(intent.refused);
        expect({ context, added }).toEqual({ context, added: [] });
      } else {
        expect({ context, sent: answer.sent }).toEqual({ context, sent: true });
        expect({ context, added: added.sort(), extra }).toEqual({
          context,
          added: intent.plays ?? [],
          extra: [],
        });
        instants.add(answer.scheduleAt ?? null);
        if (intent.tells) expect(answer.words).toMatch(intent.tells);
      }
    }
    if (intent.scheduled) {
      expect(instants.size).toBe(1);
      const [at] = [...instants];
      expect(wallTimeAt(new Date(at as string), TIME_ZONE)).toMatchObject({ hour: 9, minute: 0 });
    } else if (!intent.refused) expect([...instants]).toEqual([null]);
  });
});

test('the same run retried plays once, on every surface that has a retry identity', async () => {
  const intent: Intent = {
    says: 'retried',
    words: { audio: 'Closing Time', stores: '33' },
    plays: ['store_033'],
  };
  for (const surface of surfaces.filter((each) => each.name !== 'CLI')) {
    const first = await sendOn(surface, intent, ['store_033'], `${surface.name}-retried`);
    const again = await sendOn(surface, intent, ['store_033'], `${surface.name}-retried`);
    expect({ surface: surface.name, first: first.added, again: again.added }).toEqual({
      surface: surface.name,
      first: ['store_033'],
      again: [],
    });
  }
});
