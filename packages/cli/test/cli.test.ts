import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startSandbox } from '@musique/sandbox';
import { run } from '../src/run.js';

const fixtures = join(__dirname, '../../../shared/fixtures');
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

/** Runs `musique …` in-process against the sandbox, capturing what it prints. */
async function musique(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await run(argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { MUSIQUE_API_KEY: sandbox.apiKey, MUSIQUE_BASE_URL: sandbox.baseUrl, ...env },
  });
  return { code, out, err };
}

test('upload sends the file and prints its id, length and URL', async () => {
  const result = await musique([
    'upload',
    join(fixtures, 'promo-summer-sale.mp3'),
    '--name',
    'CLI Summer Sale',
    '--category',
    'promotion',
  ]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/aud_\w+ +0:0\d +\[promotion\] CLI Summer Sale/);
});

test('--json prints the API object for scripts', async () => {
  const result = await musique([
    'upload',
    join(fixtures, 'announcement.mp3'),
    '--name',
    'CLI Welcome',
    '--json',
  ]);
  expect(result.code).toBe(0);
  const audio = JSON.parse(result.out);
  expect(audio).toMatchObject({ name: 'CLI Welcome', format: 'mp3' });
  const listed = JSON.parse((await musique(['list', '--name', 'CLI Welcome', '--json'])).out);
  expect(listed.map((a: { audioId: string }) => a.audioId)).toEqual([audio.audioId]);
});

test('a send to two stores without --yes and without a terminal sends nothing and exits 8', async () => {
  const result = await musique(['send', 'CLI Summer Sale', '--to', '12,42']);
  expect(result.code).toBe(8);
  expect(result.err).toContain('on store_012 and store_042 now?');
  expect(result.err).toContain('Nothing was sent: run again with --yes');
  for (const store of ['store_012', 'store_042']) {
    const player = await sandbox.player(store);
    const items = [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
    expect(items.map((item) => item?.name)).not.toContain('CLI Summer Sale');
  }
});

test('a send to one store needs no confirmation', async () => {
  const result = await musique(['send', 'CLI Summer Sale', '--to', '12', '--json']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.out).destinations).toEqual([expect.objectContaining({ externalId: 'store_012' })]);
});

test('send by name to stores 12 and 42 with --yes puts the promo in both players', async () => {
  const result = await musique(['send', 'CLI Summer Sale', '--to', '12,42', '--priority', 'high', '--yes']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toContain('store_012  queued');
  for (const store of ['store_012', 'store_042']) {
    const player = await sandbox.player(store);
    const items = [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
    expect(items.map((item) => item?.name)).toContain('CLI Summer Sale');
  }
});

test('a send naming an unknown store reaches nobody and says which store', async () => {
  const before = await sandbox.player('store_007');
  const result = await musique(['send', 'CLI Summer Sale', '--to', '7,999', '--yes']);
  expect(result.code).not.toBe(0);
  expect(result.err).toContain('No store matches 999');
  const after = await sandbox.player('store_007');
  expect(after.queue.length + after.history.length + (after.nowPlaying ? 1 : 0)).toBe(
    before.queue.length + before.history.length + (before.nowPlaying ? 1 : 0),
  );
});

test('--all without --yes and without a terminal sends nothing and exits 8', async () => {
  const result = await musique(['send', 'CLI Summer Sale', '--all'], {
    MUSIQUE_STORES: 'store_001-store_050',
  });
  expect(result.code).toBe(8);
  expect(result.err).toContain('--yes');
  const player = await sandbox.player('store_050');
  expect([player.nowPlaying, ...player.queue].filter(Boolean)).toHaveLength(0);
});

test('--all --yes broadcasts to every configured store', async () => {
  const result = await musique(['send', 'CLI Welcome', '--all', '--yes', '--json'], {
    MUSIQUE_STORES: 'store_001-store_050',
  });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.out).destinations).toHaveLength(50);
  const player = await sandbox.player('store_050');
  expect([player.nowPlaying, ...player.queue].map((item) => item?.name)).toContain('CLI Welcome');
});

test('a file that is not audio is refused, naming the problem, and nothing is stored', async () => {
  const result = await musique(['upload', join(fixtures, 'not-audio.mp3'), '--name', 'Nope']);
  expect(result.code).toBe(2);
  expect(result.err).toMatch(/not.*audio/i);
  const listed = JSON.parse((await musique(['list', '--name', 'Nope', '--json'])).out);
  expect(listed).toEqual([]);
});

test('an out-of-range volume is refused with the field named', async () => {
  const result = await musique(['send', 'CLI Welcome', '--to', '1', '--volume', '101']);
  expect(result.code).toBe(2);
  expect(result.err).toContain('volume');
});

test('a revoked or wrong key exits 3 and never prints the key', async () => {
  const wrongKey = 'msk_dev_0000000000000000000000000000dead';
  const result = await musique(['list'], { MUSIQUE_API_KEY: wrongKey });
  expect(result.code).toBe(3);
  expect(result.err).toMatch(/key/i);
  expect(result.err).not.toContain(wrongKey);
});

test('no API key at all is a usage error that says how to give one', async () => {
  const result = await musique(['health'], { MUSIQUE_API_KEY: '' });
  expect(result.code).toBe(2);
  expect(result.err).toContain('MUSIQUE_API_KEY');
});

test('an unknown flag is a usage error with the command usage', async () => {
  const result = await musique(['list', '--colour', 'red']);
  expect(result.code).toBe(2);
  expect(result.err).toContain('Usage: musique list');
});

test('get, health, limits and logs print what the API returned', async () => {
  const [audio] = JSON.parse((await musique(['list', '--name', 'CLI Summer Sale', '--json'])).out);
  const get = await musique(['get', audio.audioId]);
  expect(get.out).toMatch(/played\s+\d+ times in 2 stores/);
  expect((await musique(['health'])).out).toMatch(/status\s+healthy/);
  expect((await musique(['limits'])).out).toMatch(/perMinute\s+\d+ used of\s+100/);
  expect((await musique(['logs', '--method', 'POST', '--json'])).out).toContain('/send');
});

test('delete removes the audio; getting it again exits 4', async () => {
  const uploaded = JSON.parse(
    (await musique(['upload', join(fixtures, 'announcement.mp3'), '--name', 'Gone', '--json'])).out,
  );
  expect((await musique(['delete', uploaded.audioId])).code).toBe(0);
  const again = await musique(['get', uploaded.audioId]);
  expect(again.code).toBe(4);
});

test('a name that matches two audio files sends nothing and lists both', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const result = await musique([
      'upload',
      join(fixtures, 'announcement.mp3'),
      '--name',
      'Twin Promo',
      '--json',
    ]);
    ids.push(JSON.parse(result.out).audioId);
  }
  const result = await musique(['send', 'Twin Promo', '--to', '9']);
  expect(result.code).toBe(2);
  for (const id of ids) expect(result.err).toContain(id);
  const player = await sandbox.player('store_009');
  expect([player.nowPlaying, ...player.queue].map((item) => item?.name)).not.toContain('Twin Promo');
});

test('hostile flags are refused in one line with exit 2, before any request', async () => {
  const apiKey = await sandbox.createApiKey();
  const mp3 = join(fixtures, 'promo-summer-sale.mp3');
  const attempts = [
    ['send', 'Summer Sale', '--to', '1', '--repeat', '2.5'],
    ['send', 'Summer Sale', '--to', '1', '--at', '2026-02-30T09:00'],
    ['send', 'Summer Sale', '--to', '1', '--at', '2026-06-30T23:59:60Z'],
    ['send', 'Summer Sale', '--to', '1', '--priority', 'loud'],
    ['upload', mp3, '--name', 'Summer\u0000Sale'],
    ['upload', mp3, '--category', 'x'.repeat(5000)],
  ];
  for (const argv of attempts) {
    const result = await musique(argv, { MUSIQUE_API_KEY: apiKey });
    expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\n\s+at /);
  }
  // The key's first request is this one: none of the refusals above reached the API.
  const response = await fetch(`${sandbox.baseUrl}/audio?limit=1`, { headers: { 'x-api-key': apiKey } });
  expect(response.headers.get('x-ratelimit-remaining')).toBe('99');
});

test('--at without an offset is read in the machine’s time zone', async () => {
  const result = await musique(['send', 'Summer Sale', '--to', '7', '--at', '2031-03-01T09:00', '--json'], {
    TZ: 'Europe/Paris',
  });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.out).scheduleAt).toBe('2031-03-01T08:00:00.000Z');
});
