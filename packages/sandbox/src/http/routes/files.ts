import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../rules/api-error.js';
import type { SandboxContext } from '../../rules/context.js';
import { wallContentSecurityPolicy, wallPage } from '../wall/page.js';

const types: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
};

/** The files behind each audio's `url`, served like the CDN would: no key needed. */
export async function audioFileRoutes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }) {
  app.get<{ Params: { fileName: string } }>('/files/:fileName', async (request, reply) => {
    const { fileName } = request.params;
    const audio = await ctx.db.audio.findFile(fileName);
    if (!audio) throw new ApiError('not_found', `No audio file ${fileName}.`);
    const size = await ctx.files.size(fileName);
    if (size === null) throw new ApiError('not_found', `No audio file ${fileName}.`);
    reply
      .header('content-type', types[audio.format] ?? 'application/octet-stream')
      .header('content-length', size);
    return reply.send(createReadStream(ctx.files.pathOf(fileName)));
  });
}

/** The store wall, a page like the files: no key in its URL; it asks for one and uses the players feed. */
export async function wallRoutes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }) {
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
}
