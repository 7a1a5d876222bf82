import fp from 'fastify-plugin';
import type { SandboxContext } from '../../rules/context.js';
import {
  currentWindows,
  headerWindow,
  limitExceeded,
  rateLimitHeaders,
  windowStates,
} from '../../rules/rate-windows.js';

/** Every authenticated request counts in its key's windows and says what is left; a used-up window answers 429. */
export const rateLimits = fp<{ ctx: SandboxContext }>(async (app, { ctx }) => {
  app.addHook('onRequest', async (request, reply) => {
    const key = request.musique.key;
    if (!key) return;
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
  });
});
