import {
  deriveIdempotencyKey,
  REPEAT_WINDOW_MINUTES,
  type RecentSends,
  recentSendsIn,
  type SentRecord,
} from '@musique/core';
import type { CardAction } from './conversation.js';
import type { BotStorage } from './storage.js';

/**
 * What Teams knows of a run, as the retry identity the core's `executeSendPlan` turns into an Idempotency-Key:
 * a message the channel delivers twice, a double click on a card, a confirmation clicked on two instances, each
 * plays once.
 */
export interface Retry {
  platform: 'teams';
  identity: Record<string, string>;
}

const retry = (identity: Record<string, string>): Retry => ({ platform: 'teams', identity });

/** A message, by its activity id; without one the core makes its own key per call. */
export const messageRetry = (conversationKey: string, messageId: string | undefined) =>
  messageId ? retry({ conversation: conversationKey, message: messageId }) : undefined;

/** A click on a card (the id of the message holding it): the same button on the same card acts once. */
export const cardRetry = (action: CardAction, conversationKey: string) =>
  action.cardId
    ? retry({ conversation: conversationKey, card: action.cardId, verb: action.verb })
    : undefined;

/** A confirmation, whichever instance its click reaches. */
export const confirmationRetry = (pendingId: string) => retry({ confirmation: pendingId });

/** An upload has no plan: its key comes from the message that carried the file. */
export function uploadKey(conversationKey: string, messageId: string | undefined): string | undefined {
  const run = messageRetry(conversationKey, messageId);
  return run && deriveIdempotencyKey({ ...run, action: 'uploadAudio' });
}

/** A recent send as the bot keeps it: with the retry that made it, so that retry replays instead of asking. */
interface KeptSend extends SentRecord {
  retry?: string;
}

/**
 * The core's recent sends (an identical send within REPEAT_WINDOW_MINUTES asks first) kept in the bot's storage,
 * so every instance sees them. A send is remembered with the retry that made it: the same message delivered
 * again, or the same click, is a retry (the API replays the first answer), not a repeat to ask about.
 */
export function recentSendsFor(storage: BotStorage, run?: Retry): RecentSends {
  const tag = run && JSON.stringify(run.identity);
  const windowMs = REPEAT_WINDOW_MINUTES * 60_000;
  const kept = recentSendsIn({
    read: async (key) => {
      const record = await storage.get<KeptSend>(key);
      // Housekeeping only (the core decides what is recent): a record past the window is dropped when read.
      if (record && Date.now() - Date.parse(record.sentAt) > windowMs) await storage.delete(key);
      return record;
    },
    write: (key, record) => storage.set<KeptSend>(key, { ...record, ...(tag ? { retry: tag } : {}) }),
  });
  return {
    async find(identity, now) {
      const record: KeptSend | undefined = await kept.find(identity, now);
      if (!record || (tag && record.retry === tag)) return undefined;
      return { sentAt: record.sentAt, sendId: record.sendId };
    },
    remember: (identity, record, now) => kept.remember(identity, record, now),
  };
}
