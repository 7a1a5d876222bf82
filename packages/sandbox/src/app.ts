import { createReadStream } from 'node:fs';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import type { ContractOperation } from './contract.js';
import { ApiError, invalidFormat } from './errors.js';
import { newId } from './ids.js';
import {
  currentWindows,
  headerWindow,
  limitExceeded,
  rateLimitHeaders,
  windowStates,
} from './rate-limits.js';
import { audioHandlers } from './routes/audio.js';
import { sandboxHandlers } from './routes/sandbox.js';
import { systemHandlers } from './routes/system.js';
import { tokenHandlers } from './routes/tokens.js';
import type { ApiKeyRecord } from './storage/records.js';
import { hashesEqual, hashSecret, looksLikeApiKey, type Permission } from './tokens.js';
import { wallContentSecurityPolicy, wallPage } from './wall/page.js';

export type Handler = (ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

interface RequestState {
  operation: ContractOperation | null;
  key: ApiKeyRecord | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    musique: RequestState;
  }
  interface FastifyContextConfig {
    operation?: ContractOperation;
  }
}

const requiredPermission: Record<string, Permission> = {
  listAudio: 'audio.read',
  getAudio: 'audio.read',
  uploadAudio: 'audio.write',
  deleteAudio: 'audio.delete',
  sendAudio: 'audio.send',
};

const handlers: Record<string, Handler> = {
  ...audioHandlers,
  ...systemHandlers,
  ...tokenHandlers,
  ...sandboxHandlers,
};

/** The authenticated key of a request that passed the API-key check. */
export const keyOf = (request: FastifyRequest) => request.musique.key!;

export function buildApp(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    genReqId: () => newId('req'),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.register(multipart, {
    limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10, fieldSize: 10_000 },
  });
  app.decorateRequest('musique', null as unknown as RequestState);

  // Clients often send Content-Type: application/json on bodiless calls (POST /test, DELETE /auth): an empty
  // body is no body, and the operations that need one say so with missing_field.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      done(
        invalidFormat('body', `The body is not valid JSON: ${(error as Error).message}. Send a JSON object.`),
      );
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const operation = request.routeOptions.config.operation ?? null;
    request.musique = { operation, key: null };
    reply.header('x-request-id', request.id);
    if (!operation?.requiresApiKey) return;
    const key = await authenticate(ctx, request);
    request.musique.key = key;
    await countRequest(ctx, key, reply);
    const permission = requiredPermission[operation.operationId];
    if (permission && !key.permissions.includes(permission)) {
      throw new ApiError(
        'insufficient_scope',
        `This API key lacks the ${permission} permission. Ask for a token that has it.`,
        { param: permission },
      );
    }
  });

  app.addHook('preValidation', async (request) => {
    const operation = request.musique.operation;
    if (!operation) return;
    operation.validateRequest({
      query: request.query,
      params: request.params,
      headers: request.headers,
      body: operation.bodyType === 'json' ? request.body : undefined,
    });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const operation = request.musique?.operation;
    if (!operation) return payload;
    let body = payload;
    if (ctx.checkResponses) body = checkAgainstContract(operation, reply, payload);
    const key = request.musique.key;
    await ctx.db.usageLogs.insert({
      companyId: key?.companyId ?? null,
      keyId: key?.id ?? null,
      requestId: request.id,
      method: request.method,
      path: request.url.split('?')[0]!,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      createdAt: ctx.clock(),
    });
    return body;
  });

  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) console.error(`[musique-sandbox] ${request.id}`, error);
    return reply
      .code(apiError.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(apiError.toBody(request.id));
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply
      .code(404)
      .send(
        new ApiError(
          'not_found',
          `No endpoint ${request.method} ${request.url.split('?')[0]}. The API lives under ${ctx.contract.basePath}.`,
        ).toBody(request.id),
      );
  });

  for (const operation of ctx.contract.operations) {
    const handler = handlers[operation.operationId];
    if (!handler) throw new Error(`The contract's ${operation.documentedId} has no handler in the sandbox`);
    app.route({
      method: operation.method,
      url: operation.url,
      config: { operation },
      handler: (request, reply) => handler(ctx, request, reply),
    });
  }

  // The files behind each audio's `url`, served like the CDN would: no key needed.
  app.get<{ Params: { fileName: string } }>('/files/:fileName', async (request, reply) => {
    const { fileName } = request.params;
    const audio = await ctx.db.audio.findFile(fileName);
    if (!audio) throw new ApiError('not_found', `No audio file ${fileName}.`);
    const types: Record<string, string> = {
      mp3: 'audio/mpeg',
      wav: 'audio/wav',
      ogg: 'audio/ogg',
      aac: 'audio/aac',
    };
    const size = await ctx.files.size(fileName);
    if (size === null) throw new ApiError('not_found', `No audio file ${fileName}.`);
    reply
      .header('content-type', types[audio.format] ?? 'application/octet-stream')
      .header('content-length', size);
    return reply.send(createReadStream(ctx.files.pathOf(fileName)));
  });

  // The store wall, a page like the files above: no key in its URL; it asks for one and uses the players feed.
  const wall = wallPage(ctx.contract.basePath);
  app.get('/sandbox/wall', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', wallContentSecurityPolicy)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(wall),
  );

  // Open feeds would keep the server from closing.
  app.addHook('preClose', async () => ctx.playerChanges.close());

  return app;
}

async function authenticate(ctx: SandboxContext, request: FastifyRequest): Promise<ApiKeyRecord> {
  const presented = request.headers['x-api-key'];
  if (typeof presented !== 'string' || presented === '') {
    throw new ApiError('invalid_token', 'The X-API-Key header is missing. Send your API key in X-API-Key.');
  }
  if (!looksLikeApiKey(presented)) {
    throw new ApiError(
      'invalid_token',
      'The X-API-Key header is not an API key: keys look like msk_prod_<letters and digits>. Check for a copy-paste slip.',
    );
  }
  const hash = hashSecret(presented);
  const key = await ctx.db.keys.findByHash(hash);
  // The lookup is by hash; comparing the hashes in constant time keeps timing from telling anything more.
  if (!key || !hashesEqual(key.keyHash, hash) || key.revokedAt) {
    throw new ApiError(
      'invalid_token',
      'The API key is not valid or has been revoked. Check X-API-Key or generate a new token.',
    );
  }
  if (key.expiresAt && key.expiresAt <= ctx.clock()) {
    throw new ApiError('expired_token', 'The API key has expired. Generate a new token with POST /auth.');
  }
  return key;
}

async function countRequest(ctx: SandboxContext, key: ApiKeyRecord, reply: FastifyReply): Promise<void> {
  const now = ctx.clock();
  const windows = currentWindows(now, ctx.rateLimits, ctx.rateWindows);
  const { allowed, used } = await ctx.db.rateCounts.consume(key.id, windows);
  const states = windowStates(windows, used, ctx.rateWindows);
  if (allowed) {
    reply.headers(rateLimitHeaders(headerWindow(states)));
    return;
  }
  const { error, window } = limitExceeded(states, now);
  reply.headers({ ...rateLimitHeaders(window), 'retry-after': String(error.details.retryAfter) });
  throw error;
}

/** In tests every response is checked against the contract; drift becomes a 500 so no test can miss it. */
function checkAgainstContract(operation: ContractOperation, reply: FastifyReply, payload: unknown): unknown {
  if (reply.statusCode >= 500 && reply.statusCode !== 503) return payload;
  let body: unknown;
  try {
    body = typeof payload === 'string' ? JSON.parse(payload) : undefined;
  } catch {
    body = payload;
  }
  const drift = operation.responseDrift(reply.statusCode, body);
  if (!drift) return payload;
  console.error(`[musique-sandbox] response drifted from the contract: ${drift}`);
  reply.code(500);
  return JSON.stringify(
    new ApiError('internal_error', `The sandbox's response drifted from the contract: ${drift}`).toBody(
      String(reply.request.id),
    ),
  );
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const { code, message, statusCode } = error as { code?: string; message?: string; statusCode?: number };
  switch (code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('missing_field', 'The request needs a JSON body.', { param: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'invalid_format',
        'Send the body as application/json (or multipart/form-data to upload).',
        {
          param: 'Content-Type',
        },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('file_too_large', 'The request body is larger than 1 MB.');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError('file_too_large', 'The file is larger than the upload limit.', { param: 'file' });
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ApiError(
        'invalid_format',
        'Upload one file in the `file` field, with name, description and category.',
        {
          param: 'file',
        },
      );
    case 'FST_MP_PREMATURE_CLOSE':
    case 'ECONNRESET':
      // The client went away mid-upload; nobody reads this answer, and the temporary file is already gone.
      return new ApiError(
        'invalid_format',
        'The upload ended before the file was complete. Send the whole file.',
        {
          param: 'file',
        },
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError(
        'invalid_format',
        'Upload as multipart/form-data with the audio in a `file` field.',
        {
          param: 'Content-Type',
        },
      );
  }
  if (statusCode === 400 && message) {
    return new ApiError('invalid_format', `The request body could not be read: ${message}`, {
      param: 'body',
    });
  }
  return new ApiError(
    'internal_error',
    'Something went wrong inside the sandbox. Quote the request id when reporting it.',
  );
}
