import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from '../rules/context.js';
import { newId } from '../storage/ids.js';
import { edgeServerOptions, idAndQueryGuard, inputGuard } from './edge.js';
import { authentication } from './plugins/authentication.js';
import { contractValidation } from './plugins/contract-validation.js';
import { errors } from './plugins/error-answers.js';
import { lingeringClose } from './plugins/lingering-close.js';
import { permissions } from './plugins/permissions.js';
import { rateLimits } from './plugins/rate-limiting.js';
import { requestState } from './plugins/request-state.js';
import { usageLogs } from './plugins/usage-logging.js';
import { audioFileRoutes, wallRoutes } from './routes/files.js';
import { operationRoutes } from './routes/operations.js';

/** The sandbox's HTTP server: one plugin per concern, in the order a request meets them, then the routes. */
export function buildApp(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    genReqId: () => newId('req'),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // On stop, connections still open once the players streams have ended (a client that cancelled a stream
    // but keeps its socket) are closed rather than waited for.
    forceCloseConnections: true,
    ...edgeServerOptions,
  });

  // A refusal sent before the body has arrived closes only once the client has stopped sending.
  app.register(lingeringClose);
  app.register(multipart, {
    limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10, fieldSize: 10_000 },
  });
  // Hostile input (NUL bytes, deep JSON, impossible instants) is refused before anything else; hostile ids and
  // queries once the key is counted, so the refusal carries its rate headers.
  app.register(inputGuard);
  app.register(requestState);
  app.register(authentication, { ctx });
  app.register(rateLimits, { ctx });
  app.register(idAndQueryGuard);
  app.register(permissions);
  app.register(contractValidation, { ctx });
  app.register(usageLogs, { ctx });
  app.register(errors, { ctx });

  app.register(operationRoutes, { ctx });
  app.register(audioFileRoutes, { ctx });
  app.register(wallRoutes, { ctx });

  // Open feeds would keep the server from closing.
  app.addHook('preClose', async () => ctx.playerChanges.close());

  return app;
}
