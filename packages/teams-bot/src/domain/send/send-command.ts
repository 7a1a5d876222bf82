import { type SendIntent, type SendRefusal, spokenTimeAt } from '@musique/core';
import type { BotContext } from '../bot-context.js';
import { type CarriedIntent, confirmationCard, pickAudioCard, resultCard } from '../cards/cards.js';
import type { IncomingMessage, OutgoingMessage } from '../conversation/conversation.js';
import type { Relay } from '../conversation/relay.js';
import { messageRetry } from '../conversation/retries.js';
import { executePlan, planFor } from './outcomes.js';

/**
 * "send promo to store 42 tomorrow 9:00": the core plans it in the person's zone; a refusal is said in the
 * core's words, a plan that wants a person's yes shows the confirmation card, any other is sent at once.
 */
export async function sendCommand(
  bot: BotContext,
  intent: SendIntent,
  message: IncomingMessage,
  conversationKey: string,
  chat: Relay,
): Promise<void> {
  const run = messageRetry(conversationKey, message.messageId);
  const planning = await planFor(bot, intent, message.timeZone, run);
  if (!planning.ok) return chat.say(refusalAnswer(bot, planning.refusal, intent, message.timeZone));
  const { plan } = planning;
  if (plan.confirm) {
    const confirmation = await bot.confirmations.create(conversationKey, plan);
    return chat.say({ card: confirmationCard(confirmation), summary: plan.confirm.question });
  }
  const summary = await executePlan(bot, plan, run);
  return chat.say({ card: resultCard(summary, plan), summary: `Sent "${plan.audio.name}"` });
}

/** The core's sentence; an ambiguous name shows the candidates as buttons, each carrying the rest of the send. */
function refusalAnswer(
  bot: BotContext,
  refusal: SendRefusal,
  intent: SendIntent,
  timeZone: string | undefined,
): OutgoingMessage {
  if (refusal.kind !== 'audio-ambiguous' || !refusal.candidates?.length) return { text: refusal.message };
  const typed = typeof intent.audio === 'string' ? intent.audio : 'that';
  const rest = { intent: carried(intent, timeZone, bot.now()), ...(timeZone ? { timeZone } : {}) };
  return { card: pickAudioCard(refusal.candidates, rest, typed), summary: 'Which audio did you mean?' };
}

/**
 * The send without its audio, for a pick button: a spoken time becomes the instant it named now, so "tomorrow
 * 9:00" picked after midnight still means the day it was said (the plan checks that time again on the click).
 */
function carried(intent: SendIntent, timeZone: string | undefined, now: Date): CarriedIntent {
  const { audio: _audio, at, ...rest } = intent;
  if (at === undefined || at === null || at === '') return rest;
  if (typeof at === 'string') return { ...rest, at };
  const instant = at instanceof Date ? at : spokenTimeAt(at, now, timeZone ?? 'UTC');
  return { ...rest, at: instant.toISOString() };
}
