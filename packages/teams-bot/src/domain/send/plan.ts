import { needsConfirmation, operations } from '@musique/core';
import type { BotContext } from '../bot-context.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import {
  cancelledCard,
  confirmationCard,
  expiredCard,
  failedCard,
  resultCard,
  sendingCard,
} from '../cards/cards.js';
import { settlesWithin } from '../conversation/background.js';
import type { Conversation } from '../conversation/conversation.js';
import {
  type PendingConfirmation,
  type PlannedSend,
  type SendSummary,
  summariseSend,
} from '../conversation/pending.js';
import { explainError } from '../errors.js';

export async function sendPlan(
  bot: BotContext,
  plan: PlannedSend,
  idempotencyKey: string | undefined,
): Promise<SendSummary> {
  const send = await bot.client.audio.send(
    plan.audioId,
    {
      externalIds: plan.externalIds,
      ...(plan.scheduleAt ? { scheduleAt: plan.scheduleAt } : {}),
      ...(plan.priority ? { priority: plan.priority } : {}),
      ...(plan.repeat === undefined ? {} : { repeat: plan.repeat }),
      ...(plan.volume === undefined ? {} : { volume: plan.volume }),
    },
    idempotencyKey ? { idempotencyKey } : {},
  );
  return summariseSend(send, plan.audioName);
}

/** A plan from a card: several stores ask first (the core's rule), one store is sent at once. */
export async function proceedFromCard(
  bot: BotContext,
  plan: PlannedSend,
  conversation: Conversation,
  idempotencyKey: string | undefined,
): Promise<AdaptiveCard> {
  if (needsConfirmation(operations.sendAudio, { stores: plan.externalIds.length })) {
    return confirmationCard(await bot.confirmations.create(conversation.key, plan));
  }
  const outcome = sendPlan(bot, plan, idempotencyKey).then(
    (summary) => resultCard(summary, plan),
    (error: unknown) => failedCard(plan, explainError(error)),
  );
  return cardWithin(bot, outcome, plan, conversation);
}

/** The outcome card if it is ready in time; otherwise a "sending" card now and the outcome posted later. */
export async function cardWithin(
  bot: BotContext,
  outcome: Promise<AdaptiveCard>,
  plan: PlannedSend,
  conversation: Conversation,
): Promise<AdaptiveCard> {
  if (await settlesWithin(outcome, bot.invokeDeadlineMs)) return outcome;
  bot.background.add(
    outcome
      .then((card) => conversation.post({ card, summary: `"${plan.audioName}": result` }))
      .catch((error) => bot.log('could not post a result', error)),
  );
  return sendingCard(plan);
}

/** The card a confirmation shows now, whatever state it reached. */
export function cardFor(bot: BotContext, confirmation: PendingConfirmation): AdaptiveCard {
  const { plan } = confirmation;
  if (confirmation.state === 'sent' && confirmation.result) return resultCard(confirmation.result, plan);
  if (confirmation.state === 'failed') return failedCard(plan, confirmation.error ?? 'It failed.');
  if (confirmation.state === 'cancelled') return cancelledCard(plan);
  if (confirmation.state === 'sending') return sendingCard(plan);
  return bot.confirmations.expired(confirmation) ? expiredCard() : confirmationCard(confirmation);
}
