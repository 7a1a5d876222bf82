import type { MusiqueClient, StoreDirectory, StoreGroups } from '@musique/core';
import type { Background } from './conversation/background.js';
import type { PendingConfirmations } from './conversation/pending.js';
import type { BotStorage } from './conversation/storage.js';
import type { WaitNotices } from './conversation/waits.js';

export interface MusiqueBotOptions {
  client: MusiqueClient;
  stores: StoreDirectory;
  /** Named store groups (MUSIQUE_STORE_GROUPS), for "send promo to the Paris stores". */
  groups?: StoreGroups;
  /** Where recent sends are kept (the repeat window), beside the confirmations: shared by every instance. */
  storage: BotStorage;
  confirmations: PendingConfirmations;
  waits: WaitNotices;
  now?: () => Date;
  /** How long a message's work may hold the turn before it moves to the background (Teams allows ~15 s). */
  messageDeadlineMs?: number;
  /** How long a card click may take before its card says "sending" (Teams allows 5 s for invokes). */
  invokeDeadlineMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** What every command needs: the options with their defaults filled in, and the bot's background work. */
export interface BotContext {
  client: MusiqueClient;
  stores: StoreDirectory;
  groups?: StoreGroups;
  storage: BotStorage;
  confirmations: PendingConfirmations;
  now: () => Date;
  invokeDeadlineMs: number;
  background: Background;
  log: (message: string, error?: unknown) => void;
}
