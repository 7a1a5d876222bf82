import {
  executeSendPlan,
  lateNote,
  type PlanContext,
  planSend,
  type Send,
  type SendIntent,
  type SendPlan,
  type SendPlanning,
  timeToPlay,
} from '@musique/core';
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
import { type PendingConfirmation, type SendSummary, summariseSend } from '../conversation/pending.js';
import { type Retry, recentSendsFor } from '../conversation/retries.js';
import { explainError } from '../errors.js';

/**
 * The bot's part of a send is only this: what the core's plan needs from a chat (the person's zone, the
 * store directory, the groups, the recent sends in the bot's storage), and the plan's answer as cards.
 */
export function planFor(
  bot: BotContext,
  intent: SendIntent,
  timeZone: string | undefined,
  run: Retry | undefined,
): Promise<SendPlanning> {
  const context: PlanContext = {
    ...(timeZone ? { timeZone } : {}),
    directory: bot.stores,
    ...(bot.groups ? { groups: bot.groups } : {}),
    recent: recentSendsFor(bot.storage, run),
    now: bot.now(),
  };
  return planSend(bot.client, intent, context);
}

/** Sends a plan by the core, under the run's retry identity: the same message or click plays once. */
export async function executePlan(
  bot: BotContext,
  plan: SendPlan,
  run: Retry | undefined,
): Promise<SendSummary> {
  const now = bot.now();
  const send = await executeSendPlan(bot.client, plan, {
    ...(run ? { retry: run } : {}),
    recent: recentSendsFor(bot.storage, run),
    now,
  });
  return summariseSend(send, plan.audio.name, [...plan.notes, ...playedLate(plan, send, now)]);
}

/** A plan whose time passed, within the grace, while it waited for its click played now: the card says so. */
function playedLate(plan: SendPlan, send: Send, now: Date): string[] {
  if (!plan.at || send.scheduleAt) return [];
  const timing = timeToPlay(new Date(plan.at), { timeZone: plan.timeZone, now });
  return timing.kind === 'late' ? [lateNote(timing, plan.timeZone)] : [];
}

/** A plan from a card: one the core wants confirmed asks first, any other is sent at once. */
export async function proceedFromCard(
  bot: BotContext,
  planning: SendPlanning,
  conversation: Conversation,
  run: Retry | undefined,
): Promise<AdaptiveCard | string> {
  if (!planning.ok) return planning.refusal.message;
  const { plan } = planning;
  if (plan.confirm) return confirmationCard(await bot.confirmations.create(conversation.key, plan));
  const outcome = executePlan(bot, plan, run).then(
    (summary) => resultCard(summary, plan),
    (error: unknown) => failedCard(plan, explainError(error)),
  );
  return cardWithin(bot, outcome, plan, conversation);
}

/** The outcome card if it is ready in time; otherwise a "sending" card now and the outcome posted later. */
export async function cardWithin(
  bot: BotContext,
  outcome: Promise<AdaptiveCard>,
  plan: SendPlan,
  conversation: Conversation,
): Promise<AdaptiveCard> {
  if (await settlesWithin(outcome, bot.invokeDeadlineMs)) return outcome;
  bot.background.add(
    outcome
      .then((card) => conversation.post({ card, summary: `"${plan.audio.name}": result` }))
      .catch((error) => bot.log('could not post a result', error)),
  );
  return sendingCard(plan);
}

/** A confirmation kept by an older version of the bot holds no plan of the core's: it is not sent. */
export const holdsPlan = (confirmation: PendingConfirmation) =>
  typeof confirmation.plan?.identity === 'string' && typeof confirmation.plan.audio?.audioId === 'string';

export const OLDER_CARD =
  'This card is from an older version of the bot; nothing was sent. Type the command again.';

/** The card a confirmation shows now, whatever state it reached. */
export function cardFor(bot: BotContext, confirmation: PendingConfirmation): AdaptiveCard {
  if (!holdsPlan(confirmation)) return expiredCard(OLDER_CARD);
  const { plan } = confirmation;
  if (confirmation.state === 'sent' && confirmation.result) return resultCard(confirmation.result, plan);
  if (confirmation.state === 'failed') return failedCard(plan, confirmation.error ?? 'It failed.');
  if (confirmation.state === 'cancelled') return cancelledCard(plan);
  if (confirmation.state === 'sending') return sendingCard(plan);
  return bot.confirmations.expired(confirmation) ? expiredCard() : confirmationCard(confirmation);
}
