import {
  type AudioFilterName,
  settingsFromEnv as connectionFromEnv,
  createStoreDirectory,
  type EnvSettings,
  flagFromEnv,
  listFromEnv,
  MusiqueClient,
  type RecentSends,
  recentSendsInMemory,
} from '@musique/core';
import { keyId } from './callers.js';
import { toolName } from './confirm.js';
import { Confirmations } from './confirmations.js';
import type { FileRules } from './files.js';
import { createMusiqueServer } from './server.js';
import { TOOLS } from './tools/index.js';

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

/** Sends this process made lately (stdio: the person's own; HTTP passes its own, keyed by the plan's identity). */
const processRecentSends = recentSendsInMemory();

/** Every tool name, for settings that list some. */
export const TOOL_NAMES = TOOLS.map((tool) => toolName(tool.operation));

/** Reads the server's settings through the core's readers: a bad value stops the server, naming it. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const { apiKey: _key, ...connection } = connectionFromEnv(env);
  const only = listFromEnv(env.MUSIQUE_MCP_TOOLS?.trim() || undefined, 'MUSIQUE_MCP_TOOLS', TOOL_NAMES);
  const timeZone = env.MUSIQUE_TIME_ZONE?.trim();
  if (timeZone) checkTimeZone(timeZone, 'MUSIQUE_TIME_ZONE');
  return {
    ...connection,
    ...(timeZone ? { timeZone } : {}),
    ...(env.MUSIQUE_MCP_SECRET ? { secret: env.MUSIQUE_MCP_SECRET } : {}),
    ...(flagFromEnv(env, 'MUSIQUE_MCP_READ_ONLY') ? { readOnly: true } : {}),
    ...(only ? { only } : {}),
  };
}

/** An IANA zone such as Europe/Paris, or a sentence naming the setting. */
export function checkTimeZone(zone: string, name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new Error(`${name} is "${zone}", not a time zone; give an IANA name such as Europe/Paris.`);
  }
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
    /** The person's own zone (from their sign-in), ahead of the server's setting. */
    timeZone?: string;
    /** The HTTP request's id, for the log line per tool call. */
    requestId?: string;
    /** Sends made lately by this process, so an identical send within minutes asks first. */
    recent?: RecentSends;
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
    ...((shared.timeZone ?? settings.timeZone) ? { timeZone: shared.timeZone ?? settings.timeZone } : {}),
    // Who asked, for confirmations and the log line: never the key itself.
    person: shared.person ?? (apiKey ? keyId(apiKey) : 'local'),
    ...(shared.scopes ? { scopes: shared.scopes } : {}),
    confirmations:
      shared.confirmations ?? new Confirmations({ ...(settings.secret ? { secret: settings.secret } : {}) }),
    ...(shared.files ? { files: shared.files } : {}),
    ...(shared.elicitation === false ? { elicitation: false } : {}),
    ...(shared.requestId ? { requestId: shared.requestId } : {}),
    plans: {
      recent: shared.recent ?? processRecentSends,
      ...(settings.groups ? { groups: settings.groups } : {}),
      ...(settings.storeFormat ? { storeFormat: settings.storeFormat } : {}),
    },
    ...(settings.readOnly ? { readOnly: true } : {}),
    ...(settings.only ? { only: settings.only } : {}),
  });
}
