import { deriveIdempotencyKey } from '@musique/core';
import type { CardAction } from '../conversation/conversation.js';
import type { PlannedSend } from '../conversation/pending.js';

/**
 * Idempotency keys by the core's one rule, from what Teams knows of a run: a message the channel delivers twice
 * acts once. Without a message id the core makes its own key per call.
 */
export function messageKey(
  action: 'sendAudio' | 'uploadAudio',
  conversationKey: string,
  messageId: string | undefined,
): string | undefined {
  if (!messageId) return undefined;
  return deriveIdempotencyKey({
    platform: 'teams',
    action,
    identity: { conversation: conversationKey, message: messageId },
  });
}

/** The same button on the same card, for the same audio and stores, sends once. */
export function cardKey(action: CardAction, conversationKey: string, plan: PlannedSend): string | undefined {
  if (!action.cardId) return undefined;
  return deriveIdempotencyKey({
    platform: 'teams',
    action: 'sendAudio',
    identity: {
      conversation: conversationKey,
      card: action.cardId,
      audioId: plan.audioId,
      externalIds: plan.externalIds,
    },
  });
}

/** A confirmation is sent under one key, whichever instance its click reaches. */
export function confirmationKey(pendingId: string): string {
  return deriveIdempotencyKey({
    platform: 'teams',
    action: 'sendAudio',
    identity: { confirmation: pendingId },
  });
}
