// What every route shares: the request's state (its contract operation and authenticated key) and the shape
// of a handler.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import type { ContractOperation } from '../rules/contract.js';
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
