import {
  createNodeClient,
  createStoreDirectory,
  expandStoreRanges,
  type MusiqueClient,
} from '@musique/core/node';
import { Confirmations } from './confirmations.js';
import type { FileRules } from './files.js';
import { createMusiqueServer } from './server.js';

/** What the environment configures; the key itself comes from MUSIQUE_API_KEY or, over HTTP, a header. */
export interface Settings {
  baseUrl?: string;
  /** "store_001-store_050, paris_hq"; without it, the sandbox's store list when there is one. */
  stores?: string;
  timeZone?: string;
  /** Signs confirmation tokens; shared by every instance so a token given by one is redeemed by another. */
  secret?: string;
  /** Only the tools that change nothing. */
  readOnly?: boolean;
  /** Only these tools, by name. */
  only?: string[];
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    ...(env.MUSIQUE_BASE_URL ? { baseUrl: env.MUSIQUE_BASE_URL } : {}),
    ...(env.MUSIQUE_STORES ? { stores: env.MUSIQUE_STORES } : {}),
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
  const client: MusiqueClient = createNodeClient({
    ...(apiKey ? { apiKey } : {}),
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
  });
  const directory = createStoreDirectory(
    client,
    settings.stores ? expandStoreRanges(settings.stores) : undefined,
  );
  return createMusiqueServer({
    client,
    directory,
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
