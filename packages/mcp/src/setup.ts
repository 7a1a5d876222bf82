import {
  type AudioFilterName,
  settingsFromEnv as connectionFromEnv,
  createStoreDirectory,
  type EnvSettings,
  MusiqueClient,
} from '@musique/core';
import { Confirmations } from './confirmations.js';
import type { FileRules } from './files.js';
import { createMusiqueServer } from './server.js';

/**
 * What the environment configures: the core's connection settings (MUSIQUE_BASE_URL, MUSIQUE_STORES) and the
 * server's own. The key itself comes from MUSIQUE_API_KEY or, over HTTP, the request.
 */
export interface Settings extends Omit<EnvSettings, 'apiKey'> {
  timeZone?: string;
  /** Signs confirmation tokens; shared by every instance so a token given by one is redeemed by another. */
  secret?: string;
  /** Only the tools that change nothing. */
  readOnly?: boolean;
  /** Only these tools, by name. */
  only?: string[];
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const { apiKey: _key, ...connection } = connectionFromEnv(env);
  return {
    ...connection,
    ...(env.MUSIQUE_TIME_ZONE ? { timeZone: env.MUSIQUE_TIME_ZONE } : {}),
    ...(env.MUSIQUE_MCP_SECRET ? { secret: env.MUSIQUE_MCP_SECRET } : {}),
    ...(env.MUSIQUE_MCP_READ_ONLY === 'true' ? { readOnly: true } : {}),
    ...(env.MUSIQUE_MCP_TOOLS ? { only: env.MUSIQUE_MCP_TOOLS.split(',').map((name) => name.trim()) } : {}),
  };
}

export function musiqueServerFor(
  apiKey: string | undefined,
  settings: Settings,
  shared: {
    confirmations?: Confirmations;
    files?: FileRules;
    person?: string;
    scopes?: string[];
    elicitation?: boolean;
  } = {},
) {
  // The filters the API was seen to ignore, so find_audio can say its matches were filtered here.
  const ignoredFilters = new Set<AudioFilterName>();
  const client = new MusiqueClient({
    ...(apiKey ? { apiKey } : {}),
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    onIgnoredFilter: (filter) => ignoredFilters.add(filter),
  });
  return createMusiqueServer({
    client,
    directory: createStoreDirectory(client, settings.stores),
    ignoredFilters,
    ...(settings.timeZone ? { timeZone: settings.timeZone } : {}),
    person: shared.person ?? apiKey ?? 'local',
    ...(shared.scopes ? { scopes: shared.scopes } : {}),
    confirmations:
      shared.confirmations ?? new Confirmations({ ...(settings.secret ? { secret: settings.secret } : {}) }),
    ...(shared.files ? { files: shared.files } : {}),
    ...(shared.elicitation === false ? { elicitation: false } : {}),
    ...(settings.readOnly ? { readOnly: true } : {}),
    ...(settings.only ? { only: settings.only } : {}),
  });
}
