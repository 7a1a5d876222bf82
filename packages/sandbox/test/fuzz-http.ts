// The fuzz suite's requests on the wire: percent-encoding (lone surrogates too), query strings, JSON and multipart
// bodies as a raw client frames them, sent with node:http so nothing is normalised on the way.
import { request as httpRequest } from 'node:http';
import type { Sandbox } from '../src/index.js';
import { type Body, fixture } from './helpers.js';

export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; contentType: string; text: string }
  | { kind: 'deep'; levels: number }
  | { kind: 'oversized'; bytes: number }
  | {
      kind: 'multipart';
      fields: Record<string, unknown>;
      file: boolean;
      boundary: boolean;
      cutAt: number | null;
    };

export interface FuzzRequest {
  operation: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  key: 'valid' | 'none' | 'garbage';
  /** Pads the headers past Node's 16 KB limit. */
  hugeHeaders: boolean;
  body: FuzzBody;
}

/** Percent-encodes like encodeURIComponent, but sends a lone surrogate as its WTF-8 bytes, as a raw client can. */
export function percentEncode(text: string): string {
  return text
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((part) => {
      if (part.length !== 1 || !/[\uD800-\uDFFF]/.test(part)) return encodeURIComponent(part);
      const code = part.charCodeAt(0);
      return [0xed, 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');
}

function encodeQuery(query: Record<string, unknown>): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name)}=${percentEncode(typeof value === 'string' ? value : JSON.stringify(value))}`,
    );
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function encodeBody(body: FuzzBody): { contentType?: string; payload?: Buffer } {
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { contentType: 'application/json', payload: Buffer.from(JSON.stringify(body.value) ?? 'null') };
    case 'text':
      return { contentType: body.contentType, payload: Buffer.from(body.text) };
    case 'deep':
      return {
        contentType: 'application/json',
        payload: Buffer.from(`${'['.repeat(body.levels)}${']'.repeat(body.levels)}`),
      };
    case 'oversized':
      return {
        contentType: 'application/json',
        payload: Buffer.from(JSON.stringify({ pad: 'x'.repeat(body.bytes) })),
      };
    case 'multipart': {
      const boundary = 'fuzzboundary';
      const parts: Buffer[] = [];
      for (const [name, value] of Object.entries(body.fields)) {
        if (value === undefined) continue;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        parts.push(
          Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${text}\r\n`),
        );
      }
      if (body.file) {
        parts.push(
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="promo.mp3"\r\ncontent-type: audio/mpeg\r\n\r\n`,
          ),
          fixture('promo-summer-sale.mp3'),
          Buffer.from('\r\n'),
        );
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      let payload = Buffer.concat(parts);
      if (body.cutAt !== null) payload = payload.subarray(0, Math.min(body.cutAt, payload.length - 1));
      return {
        contentType: body.boundary ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data',
        payload,
      };
    }
  }
}

export interface Answer {
  status: number;
  requestId: string | undefined;
  body: Body;
}

export function send(sb: Sandbox, apiKey: string, request: FuzzRequest): Promise<Answer> {
  const { contentType, payload } = encodeBody(request.body);
  const headers: Record<string, string> = { ...request.headers };
  if (request.key === 'valid') headers['x-api-key'] = apiKey;
  else if (request.key === 'garbage') headers['x-api-key'] = 'msk_prod_0000000000000000';
  else delete headers['x-api-key'];
  if (contentType) headers['content-type'] = contentType;
  delete headers['content-length'];
  if (payload) headers['content-length'] = String(payload.length);
  if (request.hugeHeaders) headers['x-pad'] = 'p'.repeat(17_000);
  return new Promise((done, fail) => {
    const outgoing = httpRequest(
      `${sb.url}${request.path}${encodeQuery(request.query)}`,
      { method: request.method, headers },
      (response) => {
        const answer = {
          status: response.statusCode!,
          requestId: response.headers['x-request-id'] as string | undefined,
        };
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          response.destroy();
          return done({ ...answer, body: undefined });
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Body = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {}
          done({ ...answer, body });
        });
        response.on('error', fail);
      },
    );
    // The server may answer (413, 431) and close before the whole body is written.
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE'
        ? done({ status: 0, requestId: undefined, body: error.code })
        : fail(error),
    );
    outgoing.end(payload);
  });
}
