import fp from 'fastify-plugin';
import type { RequestState } from '../request.js';

/**
 * Every request starts with its contract operation (null off the contract) and answers with its id, and with
 * `X-Musique-Sandbox`, which tells clients they may ask the `Sandbox`-tagged extensions.
 */
export const requestState = fp(async (app) => {
  app.decorateRequest('musique', null as unknown as RequestState);
  app.addHook('onRequest', async (request, reply) => {
    request.musique = { operation: request.routeOptions.config.operation ?? null, key: null };
    reply.header('x-request-id', request.id).header('x-musique-sandbox', 'true');
  });
});
