/**
 * The Node entry: streaming uploads with constant memory. `fetch` holds a whole request body in memory
 * (undici issue 4058), so requests go through node:http, with `form-data` building the multipart stream.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import FormData from 'form-data';
import { contentTypeOf } from './audio-format.js';
import { MusiqueClient as CoreClient } from './client.js';
import { ConnectionError, TimeoutError, ValidationError } from './errors.js';
import { parseStoreGroups, type StoreGroups } from './plan/store-targets.js';
import type { ClientOptions } from './request.js';
import type { Runtime } from './runtime.js';
import { expandStoreRanges } from './stores.js';
import { describeCause, type MultipartBody, type Transport, type UploadFile } from './transport.js';

export * from './index.js';
export { verifyWebhookSignature } from './webhooks.js';

/** A file on disk, re-opened for every attempt and never read whole. */
export async function fileFromPath(
  filePath: string,
  options: { filename?: string; contentType?: string } = {},
): Promise<UploadFile> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new TypeError(`${filePath} is not a file.`);
  const head = await readHead(filePath, 16);
  const filename = options.filename ?? path.basename(filePath);
  return {
    filename,
    contentType: options.contentType ?? contentTypeOf(filename) ?? 'application/octet-stream',
    knownLength: info.size,
    head,
    open: () => createReadStream(filePath),
  };
}

async function readHead(filePath: string, bytes: number): Promise<Uint8Array> {
  const file = await open(filePath);
  try {
    const { buffer, bytesRead } = await file.read(new Uint8Array(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** A multipart body as a `form-data` stream with known lengths, for node:http, Zapier's z.request or n8n. */
export function toFormData(body: MultipartBody): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body.fields)) form.append(name, value);
  const { file } = body;
  const options = {
    filename: file.filename,
    contentType: file.contentType ?? 'application/octet-stream',
    ...(file.knownLength === undefined ? {} : { knownLength: file.knownLength }),
  };
  if (file.data)
    form.append('file', Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength), options);
  else if (file.open) form.append('file', Readable.from(file.open(), { objectMode: false }), options);
  else throw new TypeError(`The upload of ${file.filename} has neither data nor a way to open it.`);
  return form;
}

/** A transport over node:http(s) that streams multipart bodies. */
export function createNodeTransport(options: { agent?: http.Agent } = {}): Transport {
  return (request) =>
    new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const client = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string | number> = { ...request.headers };
      let form: FormData | undefined;
      if (request.body !== undefined && typeof request.body !== 'string') {
        form = toFormData(request.body);
        Object.assign(headers, form.getHeaders());
        const length = knownLength(form, request.body);
        if (length !== undefined) headers['content-length'] = length;
      } else if (typeof request.body === 'string') {
        headers['content-length'] = Buffer.byteLength(request.body);
      }

      // One options object: Zapier's runtime patches http.request to take only (options, callback).
      const outgoing = client.request({
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: url.port } : {}),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        ...(options.agent ? { agent: options.agent } : {}),
      });
      let answered = false;
      outgoing.on('response', (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) =>
          reject(
            new ConnectionError(`The answer from ${url.origin} broke off: ${describeCause(error)}.`, error),
          ),
        );
        incoming.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      if (request.timeoutMs) {
        outgoing.setTimeout(request.timeoutMs, () =>
          outgoing.destroy(new TimeoutError(`No answer from ${url.origin} within ${request.timeoutMs} ms.`)),
        );
      }
      outgoing.on('error', (error) => {
        // A server may answer (413, say) and close before the upload is through; its answer is what counts.
        if (answered) return;
        reject(
          error instanceof ConnectionError
            ? error
            : new ConnectionError(`Could not reach ${url.origin}: ${describeCause(error)}.`, error),
        );
      });
      if (form) {
        form.on('error', (error) => outgoing.destroy(error));
        form.pipe(outgoing);
      } else {
        outgoing.end(request.body);
      }
    });
}

/** Content-Length when every part's size is known, so the upload is not sent chunked. */
function knownLength(form: FormData, body: MultipartBody): number | undefined {
  if (!body.file.data && body.file.knownLength === undefined) return undefined;
  return form.hasKnownLength() ? form.getLengthSync() : undefined;
}

/** Node's timer and random source, for the pure core's `sleep` and `randomUUID`. */
export const nodeRuntime: Runtime = { sleep: (ms) => delay(ms), randomUUID };

/** Client options on Node: the runtime is Node's unless a test or a platform hands in its own. */
export type NodeClientOptions = Omit<ClientOptions, keyof Runtime> & Partial<Runtime>;

/**
 * The client on Node, the one way to build it: Node's timer and random source, and requests over node:http(s)
 * (uploads stream from disk with constant memory) unless a test or a platform hands in its own transport.
 */
export class MusiqueClient extends CoreClient {
  constructor(options: NodeClientOptions) {
    super({ ...nodeRuntime, transport: createNodeTransport(), ...options });
  }
}

/** What the environment configures, read in one place for the CLI, the MCP server and the bot. */
export interface EnvSettings {
  /** MUSIQUE_API_KEY, trimmed. */
  apiKey?: string;
  /** MUSIQUE_BASE_URL; production when unset. */
  baseUrl?: string;
  /** MUSIQUE_STORES ("store_001-store_050, paris_hq"), its ranges expanded: the tenant's store list. */
  stores?: string[];
  /** MUSIQUE_STORE_GROUPS ("paris = store_001-store_010; north = store_011-store_020"): named store groups. */
  groups?: StoreGroups;
  /** MUSIQUE_STORE_FORMAT: how a store number becomes an ID when no store list is known (`store_{000}`). */
  storeFormat?: string;
}

/**
 * Reads MUSIQUE_API_KEY, MUSIQUE_BASE_URL, MUSIQUE_STORES, MUSIQUE_STORE_GROUPS and MUSIQUE_STORE_FORMAT; blank ones count as unset, and
 * a malformed group list is refused with the variable named (a send to a half-read group would reach the wrong stores).
 */
export function settingsFromEnv(env: Record<string, string | undefined> = process.env): EnvSettings {
  const text = (name: string) => env[name]?.trim() || undefined;
  const apiKey = text('MUSIQUE_API_KEY');
  const baseUrl = text('MUSIQUE_BASE_URL');
  const stores = text('MUSIQUE_STORES');
  const groups = text('MUSIQUE_STORE_GROUPS');
  const storeFormat = text('MUSIQUE_STORE_FORMAT');
  return {
    ...(storeFormat ? { storeFormat } : {}),
    ...(groups ? { groups: readGroups(groups) } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(stores ? { stores: expandStoreRanges(stores) } : {}),
  };
}

/**
 * A yes/no setting, failing closed: "true"/"1"/"yes" and "false"/"0"/"no" (any case), blank as unset; anything
 * else stops the program with a sentence naming the setting and the value, rather than quietly meaning "no".
 */
export function flagFromEnv(env: Record<string, string | undefined>, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return undefined;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ValidationError({
    code: 'invalid_setting',
    param: name,
    message: `${name} is "${env[name]}"; set it to true or false.`,
  });
}

/**
 * A comma-separated list setting, failing closed: an empty entry, or one not among `allowed`, stops the program
 * naming it (a typo in a list of tools must not silently widen or narrow what is offered).
 */
export function listFromEnv(
  value: string | undefined,
  name: string,
  allowed?: readonly string[],
): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  const fail = (problem: string) =>
    new ValidationError({ code: 'invalid_setting', param: name, message: `${name} ${problem}.` });
  if (items.some((item) => item === ''))
    throw fail(`is "${value}", which has an empty entry; give names separated by commas`);
  const unknown = allowed ? items.filter((item) => !allowed.includes(item)) : [];
  if (unknown.length > 0)
    throw fail(`names ${unknown.map((item) => `"${item}"`).join(', ')}, not one of ${allowed?.join(', ')}`);
  return items;
}

function readGroups(text: string): StoreGroups {
  try {
    return parseStoreGroups(text);
  } catch (error) {
    throw new TypeError(`MUSIQUE_STORE_GROUPS: ${(error as Error).message}`);
  }
}
