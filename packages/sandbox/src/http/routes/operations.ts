import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../rules/context.js';
import type { Handler } from '../request.js';
import { audioHandlers } from './audio.js';
import { systemHandlers } from './system.js';
import { tokenHandlers } from './tokens.js';
import { webhookAndPlayerHandlers } from './webhooks-and-players.js';

const handlers: Record<string, Handler> = {
  ...audioHandlers,
  ...systemHandlers,
  ...tokenHandlers,
  ...webhookAndPlayerHandlers,
};

/** One route per operation of the contract; an operation without a handler stops the sandbox at start. */
export async function operationRoutes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }) {
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
}
