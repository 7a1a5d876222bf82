import { createHash } from 'node:crypto';
import type { CardAction } from './conversation.js';
import type { PlannedSend } from './pending.js';

/**
 * An idempotency key from the chat message, so a message the channel delivers twice acts once; without a
 * message id the core makes its own key per call.
 */
export function messageKey(
  action: string,
  conversationKey: string,
  messageId: string | undefined,
): string | undefined {
  if (!messageId) return undefined;
  return `teams-${action}-${createHash('sha256').update(`${conversationKey}\n${messageId}`).digest('hex').slice(0, 40)}`;
}

/** The same button on the same card, for the same stores, sends once. */
export function cardKey(action: CardAction, conversationKey: string, plan: PlannedSend): string | undefined {
  const card = `${action.cardId}\n${plan.audioId}\n${plan.externalIds.join(',')}`;
  return action.cardId ? messageKey('card', conversationKey, card) : undefined;
}
