import fp from 'fastify-plugin';
import { ApiError } from '../../rules/api-error.js';
import type { Permission } from '../../storage/records.js';

const requiredPermission: Record<string, Permission> = {
  listAudio: 'audio.read',
  getAudio: 'audio.read',
  uploadAudio: 'audio.write',
  deleteAudio: 'audio.delete',
  sendAudio: 'audio.send',
};

/** A key without the operation's permission answers 403 (after it was counted, as the API does). */
export const permissions = fp(async (app) => {
  app.addHook('onRequest', async (request) => {
    const { operation, key } = request.musique;
    if (!operation || !key) return;
    const permission = requiredPermission[operation.operationId];
    if (permission && !key.permissions.includes(permission)) {
      throw new ApiError(
        'insufficient_scope',
        `This API key lacks the ${permission} permission. Ask for a token that has it.`,
        { param: permission },
      );
    }
  });
});
