/**
 * script.csx, line for line in TypeScript, so the tests can run what the connector's custom code does: C# cannot
 * run here (no dotnet). test/script.test.ts checks that both name the same operations, paths, page size, headers
 * and key prefix; what it cannot prove is that the C# compiles and behaves the same on Power Platform.
 */
import { createHash } from 'node:crypto';
import { SEND_TIME_GRACE_MINUTES } from '@musique/core';

export const SCRIPT = {
  operations: ['UploadAudio', 'SendAudio', 'FindAudio', 'OnNewAudio'],
  triggerPath: '/trigger/new-audio',
  findPath: '/search/audio',
  audioPath: '/audio',
  pageSize: '100',
  keyPrefix: 'powerautomate_',
  runHeaders: ['x-ms-workflow-run-id', 'x-ms-workflow-operation-name', 'x-ms-workflow-repeatitem-index'],
  /** Filled into the C# from the core by the generator, as here. */
  graceMinutes: SEND_TIME_GRACE_MINUTES,
} as const;

/** The request the script is handed (the connector runtime's HttpRequestMessage), and how it sends one. */
export interface ScriptRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: string | FormData;
}
export interface ScriptContext {
  operationId: string;
  request: ScriptRequest;
  send(request: ScriptRequest): Promise<Response>;
  /** DateTimeOffset.UtcNow, for tests that need another clock. */
  now?: () => Date;
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

/** ExecuteAsync: the operations the script takes over; any other goes to the API as declared. */
export async function executeScript(context: ScriptContext): Promise<Response> {
  const { request } = context;
  switch (context.operationId) {
    case 'UploadAudio':
      return uploadAudio(context);
    case 'SendAudio':
      return refusePastTime(context) ?? context.send(withIdempotencyKey(context, request));
    case 'FindAudio':
      request.url = toAudioList(request.url, SCRIPT.findPath, true);
      return context.send(request);
    case 'OnNewAudio':
      return onNewAudio(context);
    default:
      return context.send(request);
  }
}

// Convert.FromBase64String: base64 characters (white space ignored), padded to a multiple of four.
function fromBase64Strict(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

async function uploadAudio(context: ScriptContext): Promise<Response> {
  const request = withIdempotencyKey(context, context.request);
  const input = JSON.parse(String(request.body ?? '{}')) as Record<string, unknown>;
  const given = typeof input.fileName === 'string' ? input.fileName : '';
  const fileName = given.trim() ? given : 'audio';
  const bytes = fromBase64Strict(typeof input.fileContent === 'string' ? input.fileContent : '');
  if (!bytes)
    return refuse(
      'fileContent',
      'invalid_format',
      'Audio File is not file content: pass the content output of an action that reads a file, such as Get file content.',
    );
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), fileName);
  for (const field of ['name', 'description', 'category']) {
    const value = input[field];
    if (typeof value === 'string' && value.trim()) form.append(field, value.trim());
  }
  request.body = form;
  request.headers.delete('content-type'); // the form sets its own, with the boundary
  return context.send(request);
}

function withIdempotencyKey(context: ScriptContext, request: ScriptRequest): ScriptRequest {
  if (request.headers.has('Idempotency-Key')) return request;
  const [runHeader, operationHeader, repeatHeader] = SCRIPT.runHeaders;
  const run = request.headers.get(runHeader);
  if (run === null) return request;
  const identity = [
    run,
    request.headers.get(operationHeader) ?? '',
    request.headers.get(repeatHeader) ?? '',
    context.operationId,
    typeof request.body === 'string' ? request.body : '',
  ].join('\n');
  const hex = createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 48);
  request.headers.set('Idempotency-Key', `${SCRIPT.keyPrefix}${context.operationId}_${hex}`);
  return request;
}

interface ListedAudio {
  audioId: string;
  createdAt: string;
}

async function onNewAudio(context: ScriptContext): Promise<Response> {
  const { request } = context;
  const after = request.url.searchParams.get('after');
  request.url = toAudioList(request.url, SCRIPT.triggerPath, false);
  const response = await context.send(request);
  if (!response.ok) return response;
  const page = (await response.json()) as { data?: ListedAudio[] };
  const listed = page.data ?? [];
  const added: ListedAudio[] = [];
  if (after !== null) {
    const cut = after.indexOf('|');
    const [seenAt, seenId] = cut < 0 ? [after, ''] : [after.slice(0, cut), after.slice(cut + 1)];
    for (const audio of listed) {
      if (audio.audioId === seenId) break;
      if (seenAt !== '' && audio.createdAt < seenAt) break; // string.CompareOrdinal
      added.unshift(audio);
    }
  }
  const newest = listed[0];
  const cursor = newest === undefined ? (after ?? '|') : `${newest.createdAt}|${newest.audioId}`;
  return json({ value: added, after: cursor }, response.status);
}

function toAudioList(declared: URL, declaredPath: string, keepQuery: boolean): URL {
  const url = new URL(declared);
  url.pathname = url.pathname.slice(0, url.pathname.length - declaredPath.length) + SCRIPT.audioPath;
  const query = new URLSearchParams(keepQuery ? declared.search : '');
  if (!query.has('limit')) query.set('limit', SCRIPT.pageSize);
  url.search = query.toString();
  return url;
}

// DateTimeOffset.TryParse of the ISO texts a flow writes (utcNow(), addHours()): with an offset, or UTC.
function readTime(text: string): Date | undefined {
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function refusePastTime(context: ScriptContext): Response | undefined {
  const input = JSON.parse(String(context.request.body ?? '{}')) as Record<string, unknown>;
  const text = typeof input.scheduleAt === 'string' ? input.scheduleAt : '';
  const at = text.trim() ? readTime(text) : undefined;
  if (!at) return undefined;
  const now = context.now?.() ?? new Date();
  if ((now.getTime() - at.getTime()) / 60_000 <= SCRIPT.graceMinutes) return undefined;
  return refuse(
    'scheduleAt',
    'time_passed',
    `${onClock(at)} has already passed: it is now ${onClock(now)}. Nothing was sent. Give a time ahead, or none to play now (a time at most ${SCRIPT.graceMinutes} minutes past also plays now).`,
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** OnClock: "Thu, 5 Mar 2026, 07:04 (UTC)". */
function onClock(at: Date): string {
  return `${DAYS[at.getUTCDay()]}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${twoDigits(at.getUTCHours())}:${twoDigits(at.getUTCMinutes())} (UTC)`;
}

/** A refusal in the API's shape, made before any request reaches the API (hence its fixed request ID). */
function refuse(param: string, code: string, message: string): Response {
  return json({ error: { code, type: 'validation_error', param, message, requestId: 'req_connector' } }, 400);
}
