// The edge: every input is refused here, with the API's error, before it can reach Ajv, PostgreSQL or `Date`
// in a shape they cannot hold. One layer for every route, not a fix per route.
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { ApiError, invalidFormat } from '../rules/api-error.js';
import { containsUnsafeText, refuseUnsafeText } from '../rules/input-values.js';
import { newId } from '../storage/ids.js';
import { closeLingering } from './plugins/lingering-close.js';

/** Deeper JSON than any of our bodies needs; checked on the raw text, before parsing can blow the stack. */
export const maxJsonDepth = 32;
/** Longer than any id we issue; a longer path segment names nothing. */
export const maxIdLength = 256;

/** Server limits loose enough that our own handlers answer: long ids reach the router, not Fastify's 414. */
export const edgeServerOptions = {
  routerOptions: { ignoreTrailingSlash: true, maxParamLength: 64 * 1024 },
  clientErrorHandler: answerClientError,
  // A path whose percent-encoding is not UTF-8 is refused before routing; answer it like any other error.
  frameworkErrors: (_error, request, reply) => {
    const refused = invalidFormat(
      'path',
      'The URL path is not valid percent-encoded UTF-8. Encode ids as UTF-8.',
    );
    (reply as FastifyReply)
      .code(refused.status)
      .header('x-request-id', request.id)
      .header('content-type', 'application/json; charset=utf-8')
      .send(refused.toBody(request.id));
  },
} satisfies FastifyServerOptions;

/** How deep the JSON text nests, counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  if (jsonDepth(text) > maxJsonDepth) {
    throw invalidFormat(
      'body',
      `The JSON body nests deeper than ${maxJsonDepth} levels. Send a flatter body.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw invalidFormat(
      'body',
      `The body is not valid JSON: ${(error as Error).message}. Send a JSON object.`,
    );
  }
  refuseUnsafeText(body, 'body');
  return body;
}

/** The guard as a plugin: the JSON parser and the check of every header value, before anything else. */
export function inputGuard(app: FastifyInstance, _options: unknown, done: () => void): void {
  // Clients often send Content-Type: application/json on bodiless calls (POST /test, DELETE /auth): an empty
  // body is no body, and the operations that need one say so with missing_field.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, parsed) => {
    try {
      parsed(null, parseJson(text as string));
    } catch (error) {
      parsed(error as Error);
    }
  });

  app.addHook('onRequest', async (request) => refuseUnsafeText(request.headers, 'header'));
  done();
}

/**
 * The checks of path ids and query values, registered after the key is authenticated and counted: a refusal
 * to a valid key is one of its requests and carries its X-RateLimit-* headers, as every response does.
 */
export function idAndQueryGuard(app: FastifyInstance, _options: unknown, done: () => void): void {
  app.addHook('onRequest', async (request) => {
    const params = (request.params ?? {}) as Record<string, string>;
    for (const [name, value] of Object.entries(params)) {
      if (value.length > maxIdLength || containsUnsafeText(value)) {
        throw new ApiError('not_found', `No ${name} with that id exists: ids are short letters and digits.`);
      }
    }
    refuseUnsafeText(request.query, 'query');
  });
  done();
}
// Share the parser and hooks with the app instead of encapsulating them (what fastify-plugin does).
for (const plugin of [inputGuard, idAndQueryGuard])
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });

/** Errors of malformed framing (multipart without a boundary, a body cut short) as the API's errors. */
export function framingError(error: unknown): ApiError | null {
  const message = (error as Error | undefined)?.message ?? '';
  if (/boundary/i.test(message)) {
    return invalidFormat(
      'Content-Type',
      'multipart/form-data needs a boundary parameter (Content-Type: multipart/form-data; boundary=...).',
    );
  }
  if (/unexpected end of (form|multipart)|part terminated early|malformed part header/i.test(message)) {
    return invalidFormat(
      'body',
      'The multipart body ended before its closing boundary. Send the whole body.',
    );
  }
  return null;
}

/** Requests Node refuses before Fastify sees them (headers over 16 KB, broken HTTP), in the API's envelope. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const requestId = newId('req');
  const body = JSON.stringify(
    new ApiError(
      'invalid_format',
      tooLarge
        ? 'The request line and headers are larger than 16 KB. Send a shorter URL and fewer or smaller headers.'
        : 'The request is not well-formed HTTP.',
      { param: 'headers', status },
    ).toBody(requestId),
  );
  socket.write(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
  // The client may still be sending its body: read and drop it, so the answer is not lost to a reset.
  closeLingering(socket);
}
