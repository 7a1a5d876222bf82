import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../rules/api-error.js';
import type { SandboxContext } from '../../rules/context.js';
import type { ContractOperation } from '../../rules/contract.js';

/** Requests are validated against the contract; with `checkResponses` (tests), responses too. */
export const contractValidation = fp<{ ctx: SandboxContext }>(async (app, { ctx }) => {
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
  if (!ctx.checkResponses) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const operation = request.musique?.operation;
    return operation ? checkAgainstContract(operation, reply, payload) : payload;
  });
});

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
