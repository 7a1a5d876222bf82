// What every route shares: the request's state (its contract operation and authenticated key) and the shape
// of a handler, and how a POST answers once per Idempotency-Key.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../rules/context.js';
import type { ContractOperation } from '../rules/contract.js';
import { type IdempotentResult, idempotent } from '../rules/idempotent-requests.js';
import type { ApiKeyRecord } from '../storage/records.js';

export type Handler = (ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RequestState {
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

/** The API key a request authenticated with (on operations that require one, past the authentication hook). */
export const authenticatedKey = (request: FastifyRequest) => request.musique.key!;

/** A POST run at most once per `Idempotency-Key` header; a replayed answer says so in `Idempotent-Replayed`. */
export async function answerIdempotently(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  fingerprint: string,
  run: () => Promise<IdempotentResult>,
  options: { secretResponse?: boolean } = {},
): Promise<unknown> {
  const key = request.headers['idempotency-key'];
  const outcome = await idempotent(
    ctx,
    typeof key === 'string' ? key : undefined,
    scope,
    fingerprint,
    run,
    options,
  );
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}
