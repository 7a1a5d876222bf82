import {
  type ClientOptions,
  createStoreDirectory,
  expandStoreRanges,
  MusiqueClient,
  parseStoreGroups,
  type StoreGroups,
} from '@musique/core';
import type { Storage } from 'botbuilder';
import packageJson from '../package.json' with { type: 'json' };
import { MusiqueBot } from './domain/bot.js';
import { PendingConfirmations } from './domain/conversation/pending.js';
import type { BotStorage } from './domain/conversation/storage.js';
import { WaitNotices } from './domain/conversation/waits.js';
import { botStorageOver, createStorage, type StorageSettings } from './hosts/storage.js';
import { type BotFrameworkAuth, createTeamsBot, type TeamsBot } from './hosts/teams-ai/app.js';

export interface BotOptions {
  /** The Musique API key the bot acts with. */
  apiKey: string;
  /** The Partner API base URL; a sandbox's `baseUrl` for local testing. */
  baseUrl?: string;
  /** Bot Framework credentials; none = unauthenticated, for local testing only. */
  auth?: BotFrameworkAuth;
  /** Every store ID (or ranges such as `store_001-store_050`), for "all stores" where the API cannot list them. */
  stores?: string[] | string;
  /** Named store groups ("paris = store_001-store_010; north = store_011, store_012"), as MUSIQUE_STORE_GROUPS. */
  groups?: StoreGroups | string;
  /** Keeps confirmations and conversation references in this directory across restarts (default: memory). */
  dataDir?: string;
  /**
   * Or a botbuilder `Storage` (or the settings of one): every instance of a scaled-out bot on one store (Azure
   * Blob Storage) shares pending confirmations, and a click is honoured once whichever instance it reaches.
   */
  storage?: Storage | StorageSettings;
  /** Passed to the Musique client (transport, retry, clock), e.g. by tests. */
  client?: Partial<Omit<ClientOptions, 'apiKey' | 'baseUrl'>>;
  messageDeadlineMs?: number;
  invokeDeadlineMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** The bot with no SDK: what either host wraps. */
export interface AssembledDomain {
  bot: MusiqueBot;
  client: MusiqueClient;
  storage: BotStorage;
  log: (message: string, error?: unknown) => void;
}

export interface AssembledBot extends AssembledDomain {
  teams: TeamsBot;
}

/** Wires the domain to the Musique client and the teams-ai adapter, without an HTTP server. */
export function assembleBot(options: BotOptions): AssembledBot {
  const domain = assembleDomain(options);
  const { bot, storage, log } = domain;
  return {
    ...domain,
    teams: createTeamsBot({ bot, storage, ...(options.auth ? { auth: options.auth } : {}), log }),
  };
}

/** Wires the domain to the Musique client and the bot's storage. */
export function assembleDomain(options: BotOptions): AssembledDomain {
  const { sleep, ...clientOptions } = options.client ?? {};
  const waits = new WaitNotices(sleep);
  const log = options.log ?? defaultLog;
  const client = new MusiqueClient({
    userAgent: `musique-teams-bot/${packageJson.version}`,
    // Once per filter, for the admin: the core already keeps only matching audio, so chat answers stay right.
    onIgnoredFilter: (filter) =>
      log(`the Musique API ignored the audio list's ${filter} filter; the bot checks each audio itself`),
    ...clientOptions,
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    sleep: waits.sleep,
  });
  const storage = botStorageOver(
    options.storage && 'read' in options.storage
      ? options.storage
      : createStorage(
          options.storage ??
            (options.dataDir ? { kind: 'file', directory: options.dataDir } : { kind: 'memory' }),
        ),
  );
  const configured = Array.isArray(options.stores)
    ? options.stores
    : options.stores?.trim()
      ? expandStoreRanges(options.stores)
      : undefined;
  const bot = new MusiqueBot({
    client,
    stores: createStoreDirectory(client, configured),
    ...(options.groups
      ? { groups: typeof options.groups === 'string' ? parseStoreGroups(options.groups) : options.groups }
      : {}),
    storage,
    confirmations: new PendingConfirmations(storage),
    waits,
    log,
    ...(options.messageDeadlineMs !== undefined ? { messageDeadlineMs: options.messageDeadlineMs } : {}),
    ...(options.invokeDeadlineMs !== undefined ? { invokeDeadlineMs: options.invokeDeadlineMs } : {}),
  });
  return { bot, client, storage, log };
}

/** Errors are logged by message only: core messages carry request ids, never keys. */
function defaultLog(message: string, error?: unknown): void {
  const detail =
    error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : String(error);
  console.error(`[musique-teams-bot] ${message}${detail ? `: ${detail}` : ''}`);
}
