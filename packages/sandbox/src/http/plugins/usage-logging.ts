import fp from 'fastify-plugin';
import type { SandboxContext } from '../../rules/context.js';

/** Every answer to a contract operation is logged for GET /logs, with the key that asked (if any). */
export const usageLogs = fp<{ ctx: SandboxContext }>(async (app, { ctx }) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.musique?.operation) return payload;
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
    return payload;
  });
});
