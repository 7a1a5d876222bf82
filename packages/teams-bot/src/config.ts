import { settingsFromEnv } from '@musique/core';
import { chooseHost } from './hosts/choice.js';
import type { StorageKind } from './hosts/storage.js';
import type { StartBotOptions } from './server.js';

/**
 * The bot's settings from the environment: MUSIQUE_API_KEY, MUSIQUE_BASE_URL, MUSIQUE_STORES and
 * MUSIQUE_STORE_GROUPS as the core reads them for every surface (blank counts as unset, store ranges expanded, a
 * malformed group refused by name); PORT, the
 * storage (MUSIQUE_BOT_STORAGE = memory, file or azure-blobs; MUSIQUE_BOT_DATA for a file store;
 * MUSIQUE_BOT_STORAGE_CONNECTION and MUSIQUE_BOT_STORAGE_CONTAINER for Azure Blob Storage) and the Bot
 * Framework's MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId; MUSIQUE_BOT_HOST
 * (teams-ai or teams-sdk) picks the SDK, by default the Teams SDK where this Node (22.12+) supports it.
 */
export function optionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  nodeVersion: string = process.versions.node,
): StartBotOptions {
  const { apiKey, baseUrl, stores, groups } = settingsFromEnv(env);
  if (!apiKey) throw new Error('Set MUSIQUE_API_KEY to the Musique API key the bot should use.');
  const port = env.PORT ? Number(env.PORT) : 3978;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT "${env.PORT}" is not a port number.`);
  const appId = env.MicrosoftAppId?.trim();
  return {
    apiKey,
    port,
    botHost: chooseHost(env.MUSIQUE_BOT_HOST, nodeVersion),
    ...(baseUrl ? { baseUrl } : {}),
    ...(stores ? { stores } : {}),
    ...(groups ? { groups } : {}),
    ...storageFromEnv(env),
    ...(appId
      ? {
          auth: {
            appId,
            ...(env.MicrosoftAppPassword ? { appPassword: env.MicrosoftAppPassword } : {}),
            ...(env.MicrosoftAppType ? { appType: env.MicrosoftAppType } : {}),
            ...(env.MicrosoftAppTenantId ? { tenantId: env.MicrosoftAppTenantId } : {}),
          },
        }
      : {}),
  };
}

const storageKinds: StorageKind[] = ['memory', 'file', 'azure-blobs'];

/** Without MUSIQUE_BOT_STORAGE: a file store where MUSIQUE_BOT_DATA names a directory, else memory. */
function storageFromEnv(env: NodeJS.ProcessEnv): Pick<StartBotOptions, 'storage' | 'dataDir'> {
  const kind = env.MUSIQUE_BOT_STORAGE?.trim();
  if (!kind) return env.MUSIQUE_BOT_DATA ? { dataDir: env.MUSIQUE_BOT_DATA } : {};
  if (!storageKinds.includes(kind as StorageKind))
    throw new Error(`MUSIQUE_BOT_STORAGE "${kind}" is not one of ${storageKinds.join(', ')}.`);
  return {
    storage: {
      kind: kind as StorageKind,
      ...(env.MUSIQUE_BOT_DATA ? { directory: env.MUSIQUE_BOT_DATA } : {}),
      ...(env.MUSIQUE_BOT_STORAGE_CONNECTION ? { connectionString: env.MUSIQUE_BOT_STORAGE_CONNECTION } : {}),
      ...(env.MUSIQUE_BOT_STORAGE_CONTAINER ? { container: env.MUSIQUE_BOT_STORAGE_CONTAINER } : {}),
    },
  };
}
