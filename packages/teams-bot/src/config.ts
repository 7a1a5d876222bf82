import type { StartBotOptions } from './server.js';

/**
 * The bot's settings from the environment: PORT, MUSIQUE_API_KEY, MUSIQUE_BASE_URL, MUSIQUE_STORES,
 * MUSIQUE_BOT_DATA and the Bot Framework's MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType,
 * MicrosoftAppTenantId.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): StartBotOptions {
  const apiKey = env.MUSIQUE_API_KEY?.trim();
  if (!apiKey) throw new Error('Set MUSIQUE_API_KEY to the Musique API key the bot should use.');
  const port = env.PORT ? Number(env.PORT) : 3978;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT "${env.PORT}" is not a port number.`);
  const appId = env.MicrosoftAppId?.trim();
  return {
    apiKey,
    port,
    ...(env.MUSIQUE_BASE_URL ? { baseUrl: env.MUSIQUE_BASE_URL } : {}),
    ...(env.MUSIQUE_STORES ? { stores: env.MUSIQUE_STORES } : {}),
    ...(env.MUSIQUE_BOT_DATA ? { dataDir: env.MUSIQUE_BOT_DATA } : {}),
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
