/**
 * script.csx cannot run here (no dotnet), so its TypeScript mirror runs in the flows. This file holds the two
 * together: the names, paths and constants the C# uses are the mirror's, and the mirror's output is shown as the
 * bytes the API receives. What stays unproven: that the C# compiles, and that .NET writes the same multipart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEND_TIME_GRACE_MINUTES, timeToPlay } from '@musique/core';
import { FIND, TRIGGER } from '../src/generate/musique-connector.js';
import { executeScript, SCRIPT, type ScriptRequest } from '../src/runtime/script-mirror.js';

const csx = readFileSync(join(__dirname, '../connector/script.csx'), 'utf8');
const constant = (name: string) => new RegExp(`const string ${name} = "([^"]*)"`).exec(csx)?.[1];

test('script.csx and its mirror take over the same operations, with the same paths, page size and key', () => {
  const cases = [...csx.matchAll(/case "(\w+)":/g)].map((match) => match[1]);
  expect(cases).toEqual([...SCRIPT.operations]);
  expect(constant('TriggerPath')).toBe(SCRIPT.triggerPath);
  expect(constant('FindPath')).toBe(SCRIPT.findPath);
  expect(constant('AudioPath')).toBe(SCRIPT.audioPath);
  expect(constant('PageSize')).toBe(SCRIPT.pageSize);
  expect(/const int GraceMinutes = (\d+);/.exec(csx)?.[1]).toBe(String(SEND_TIME_GRACE_MINUTES));
  expect(csx).toContain(`"${SCRIPT.keyPrefix}"`);
  for (const header of SCRIPT.runHeaders) expect(csx).toContain(`"${header}"`);
  // ...and the paths the generated definition declares are the ones the script rewrites.
  expect([TRIGGER.path, FIND.path]).toEqual([SCRIPT.triggerPath, SCRIPT.findPath]);
  expect(csx).toContain(`["${TRIGGER.cursor}"]`);
});

/** Runs the mirror on one request and keeps what it would send, instead of sending it. */
async function output(
  operationId: string,
  request: Omit<ScriptRequest, 'headers'> & { headers?: Record<string, string> },
) {
  const sent: ScriptRequest[] = [];
  const prepared = { ...request, headers: new Headers(request.headers) };
  await executeScript({
    operationId,
    request: prepared,
    send: async (out) => {
      sent.push(out);
      return Response.json({ data: [] });
    },
  });
  return sent[0];
}

test("Upload Audio's custom code turns the designer's JSON into the multipart form the API takes", async () => {
  const bytes = Buffer.from('ID3 not really audio, but bytes');
  const sent = await output('UploadAudio', {
    method: 'POST',
    url: new URL('https://api.musique.app/api/v1/integration/audio'),
    headers: { 'content-type': 'application/json', 'x-ms-workflow-run-id': 'run-1' },
    body: JSON.stringify({
      fileContent: bytes.toString('base64'),
      fileName: 'summer.mp3',
      name: ' Summer ',
      category: '',
    }),
  });
  const wire = new Response(sent?.body as FormData);
  const boundary = /boundary=(.+)$/.exec(wire.headers.get('content-type') ?? '')?.[1];
  const text = Buffer.from(await wire.arrayBuffer()).toString('latin1');
  expect(text).toBe(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="summer.mp3"',
      'Content-Type: application/octet-stream',
      '',
      bytes.toString('latin1'),
      `--${boundary}`,
      'Content-Disposition: form-data; name="name"',
      '',
      'Summer',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
  expect(sent?.headers.get('Idempotency-Key')).toMatch(/^powerautomate_UploadAudio_[0-9a-f]{48}$/);
});

test('the derived Idempotency-Key follows the run, the action, the loop iteration and the body', async () => {
  const key = async (headers: Record<string, string>, body = '{"externalIds":["store_042"]}') =>
    (
      await output('SendAudio', {
        method: 'POST',
        url: new URL('https://api.musique.app/api/v1/integration/audio/aud_1/send'),
        headers,
        body,
      })
    )?.headers.get('Idempotency-Key');
  const run = { 'x-ms-workflow-run-id': 'run-1', 'x-ms-workflow-operation-name': 'Send' };
  expect(await key(run)).toBe(await key(run));
  expect(await key(run)).not.toBe(await key({ ...run, 'x-ms-workflow-run-id': 'run-2' }));
  expect(await key(run)).not.toBe(await key({ ...run, 'x-ms-workflow-repeatitem-index': '1' }));
  expect(await key(run)).not.toBe(await key(run, '{"externalIds":["store_043"]}'));
  expect(await key({ ...run, 'Idempotency-Key': 'mine' })).toBe('mine');
  expect(await key({})).toBeNull(); // no run, no key: the API takes the send without one
});

test('the trigger and Find Audio read the API list at the connection base URL', async () => {
  const base = 'https://musique.example/api/v1/integration';
  const trigger = await output('OnNewAudio', {
    method: 'GET',
    url: new URL(`${base}${TRIGGER.path}?after=x%7Cy`),
  });
  expect(trigger?.url.href).toBe(`${base}/audio?limit=100`);
  const find = await output('FindAudio', {
    method: 'GET',
    url: new URL(`${base}${FIND.path}?name=summer+sale`),
  });
  expect(find?.url.href).toBe(`${base}/audio?name=summer+sale&limit=100`);
});

test("a send further past than the core's grace is refused in the core's own sentence (on UTC), one within it goes on", async () => {
  const now = new Date('2026-12-07T21:40:00Z');
  const send = (scheduleAt: string) =>
    executeScript({
      operationId: 'SendAudio',
      now: () => now,
      request: {
        method: 'POST',
        url: new URL('https://api.musique.app/api/v1/integration/audio/aud_1/send'),
        headers: new Headers(),
        body: JSON.stringify({ externalIds: ['store_042'], scheduleAt }),
      },
      send: async () => Response.json({ status: 'sent' }, { status: 201 }),
    });
  const stale = new Date(now.getTime() - (SEND_TIME_GRACE_MINUTES + 1) * 60_000);
  const refused = await send(stale.toISOString());
  expect(refused.status).toBe(400);
  const core = (() => {
    try {
      timeToPlay(stale, { now, timeZone: 'UTC' });
    } catch (error) {
      return (error as Error).message;
    }
  })();
  expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
    code: 'time_passed',
    param: 'scheduleAt',
    message: core,
  });
  const late = new Date(now.getTime() - (SEND_TIME_GRACE_MINUTES - 1) * 60_000);
  expect((await send(late.toISOString())).status).toBe(201);
});
