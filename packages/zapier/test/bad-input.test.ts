import type { Sandbox } from '@musique/sandbox';
import {
  App,
  appTester,
  caught,
  startFileServer,
  startRecordingProxy,
  startTestSandbox,
  zapierErrorOf,
} from './helpers.js';

let sandbox: Sandbox;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let files: Awaited<ReturnType<typeof startFileServer>>;
let audioId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
  proxy = await startRecordingProxy(sandbox.url);
  files = await startFileServer();
  const uploaded = (await run('upload_audio', {
    file: files.url('announcement.mp3'),
    name: 'Closing Soon',
  })) as {
    audioId: string;
  };
  audioId = uploaded.audioId;
});
afterAll(async () => {
  await files.stop();
  await proxy.stop();
  await sandbox.stop();
});

function run(create: 'upload_audio' | 'send_audio', inputData: Record<string, unknown>, meta = {}) {
  return appTester(App.creates[create].operation.perform, {
    authData: { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl },
    inputData,
    meta: { zap: { id: 4242 }, ...meta },
  });
}

const send = (inputs: Record<string, unknown>) => ({ audio_id: audioId, stores: ['12'], ...inputs });

/** The audio lookup a send makes first; its answer also tells the store directory it talks to a sandbox. */
const audioRead = expect.stringMatching(/^GET \/audio\/aud_\w+$/);

/**
 * Bad values as a zap can map them into each field: each ends in Zapier's own error (an AppError with a code and
 * a sentence, no stack trace), and the API is asked nothing the core could have refused. `reads` are the only
 * requests allowed: the lookups that tell an unknown store or audio.
 */
const cases: Array<{
  what: string;
  create: 'upload_audio' | 'send_audio';
  inputs: () => Record<string, unknown>;
  code: string;
  message: RegExp;
  reads?: unknown[];
}> = [
  {
    what: 'a NUL byte in a name',
    create: 'upload_audio',
    inputs: () => ({ file: files.url('announcement.mp3'), name: 'Summer\u0000Sale' }),
    code: 'invalid_format',
    message: /NUL byte/,
  },
  {
    what: 'a NUL byte in a category',
    create: 'upload_audio',
    inputs: () => ({ file: files.url('announcement.mp3'), category: 'promo\u0000' }),
    code: 'invalid_format',
    message: /NUL byte/,
  },
  {
    what: 'a file URL that is not audio',
    create: 'upload_audio',
    inputs: () => ({ file: files.url('not-audio.mp3'), name: 'Oops' }),
    code: 'invalid_format',
    message: /not-audio\.mp3 is not audio/,
  },
  {
    what: 'a name longer than the API takes',
    create: 'upload_audio',
    inputs: () => ({ file: files.url('announcement.mp3'), name: 'x'.repeat(300) }),
    code: 'out_of_range',
    message: /Name is 300 characters long/,
  },
  {
    what: 'repeat 2.5',
    create: 'send_audio',
    inputs: () => send({ repeat: '2.5' }),
    code: 'invalid_format',
    message: /Repeat must be a whole number from 1 to 10; got "2\.5"/,
  },
  {
    what: 'volume 101',
    create: 'send_audio',
    inputs: () => send({ volume: 101 }),
    code: 'out_of_range',
    message: /Volume \(%\) must be from 0 to 100; got 101/,
  },
  {
    what: 'a priority that is not a choice',
    create: 'send_audio',
    inputs: () => send({ priority: 'asap' }),
    code: 'invalid_format',
    message: /Priority "asap" is not one of low, normal, high, urgent/,
  },
  {
    what: 'an unknown store among known ones',
    create: 'send_audio',
    inputs: () => send({ stores: ['12', 'store_999'] }),
    code: 'not_found',
    message: /No store matches store_999.*Nothing was sent/,
    reads: [audioRead, 'GET /sandbox/locations'],
  },
  {
    what: 'a NUL byte in a store',
    create: 'send_audio',
    inputs: () => send({ stores: ['store_012\u0000'] }),
    code: 'not_found',
    message: /No store matches/,
    reads: [audioRead, 'GET /sandbox/locations'],
  },
  {
    what: 'an impossible Play At (February 30)',
    create: 'send_audio',
    inputs: () => send({ schedule_at: '2030-02-30T09:00' }),
    code: 'invalid_format',
    message: /names no real day/,
  },
  {
    what: 'a leap second in Play At',
    create: 'send_audio',
    inputs: () => send({ schedule_at: '2030-12-31T23:59:60Z' }),
    code: 'invalid_format',
    message: /is not a date and time/,
  },
  {
    what: 'the year 0000 in Play At',
    create: 'send_audio',
    inputs: () => send({ schedule_at: '0000-01-01T00:00:00Z' }),
    code: 'invalid_format',
    message: /year/i,
  },
  {
    what: 'a NUL byte in the audio name',
    create: 'send_audio',
    inputs: () => send({ audio_id: 'Closing\u0000Soon' }),
    code: 'invalid_format',
    message: /NUL byte/,
  },
];

describe('bad input through Zapier fields', () => {
  it.each(cases)(
    '$what: a Zapier error with code $code, and no request the core could refuse',
    async (each) => {
      const before = proxy.requests.length;
      const error = zapierErrorOf(await caught(run(each.create, each.inputs())));
      expect(error).toMatchObject({ name: 'AppError', code: each.code, status: 400 });
      expect(error.message).toMatch(each.message);
      expect(error.message).not.toMatch(/\n\s+at /);
      expect(proxy.requests.slice(before)).toEqual(each.reads ?? []);
    },
  );

  it('stored nothing and played nothing', async () => {
    const library = await appTester(App.triggers.new_audio.operation.perform, {
      authData: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
    });
    expect((library as Array<{ name: string }>).map((audio) => audio.name)).toEqual(['Closing Soon']);
    expect(await sandbox.player('store_012')).toMatchObject({ nowPlaying: null, queue: [], history: [] });
  });
});
