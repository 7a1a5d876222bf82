import { needsConfirmation, operations } from '@musique/core';
import type { BotContext } from '../bot-context.js';
import { confirmationCard, type PickData, pickAudioCard, resultCard } from '../cards/cards.js';
import type { Command } from '../commands/parse.js';
import type { IncomingMessage } from '../conversation/conversation.js';
import type { PlannedSend } from '../conversation/pending.js';
import type { Relay } from '../conversation/relay.js';
import { resolveWallTime, ScheduleError } from '../schedule/wall-time.js';
import { messageKey } from './idempotency-keys.js';
import { sendPlan } from './plan.js';
import { resolveAudio, resolveTargets } from './resolution.js';

/** "send promo to store 42 tomorrow 9:00": sends to one store, asks first for several, or asks which audio. */
export async function sendCommand(
  bot: BotContext,
  command: Extract<Command, { kind: 'send' }>,
  message: IncomingMessage,
  conversationKey: string,
  chat: Relay,
): Promise<void> {
  let scheduleAt: string | undefined;
  try {
    if (command.when) scheduleAt = resolveWallTime(command.when, bot.now(), message.timeZone).toISOString();
  } catch (error) {
    if (error instanceof ScheduleError) return chat.say({ text: error.message });
    throw error;
  }
  const targets = await resolveTargets(bot.stores, command.stores);
  if (targets.kind === 'none') return chat.say({ text: targets.problem });
  const audio = await resolveAudio(bot.client, command.audio);
  const rest: PickData['plan'] = {
    externalIds: targets.externalIds,
    all: targets.all,
    ...(scheduleAt ? { scheduleAt } : {}),
    ...(command.priority ? { priority: command.priority } : {}),
    ...(command.repeat === undefined ? {} : { repeat: command.repeat }),
    ...(command.volume === undefined ? {} : { volume: command.volume }),
    ...(message.timeZone ? { timeZone: message.timeZone } : {}),
  };
  if (audio.kind === 'none') return chat.say({ text: audio.problem });
  if (audio.kind === 'ambiguous') {
    const typed = command.audio.kind === 'named' ? command.audio.name : 'that';
    return chat.say({
      card: pickAudioCard(audio.candidates, rest, typed),
      summary: 'Which audio did you mean?',
    });
  }
  const plan: PlannedSend = { audioId: audio.audio.audioId, audioName: audio.audio.name, ...rest };
  // The core's rule, the same for every surface: more than one store is a broadcast, so a person confirms.
  if (needsConfirmation(operations.sendAudio, { stores: plan.externalIds.length })) {
    const confirmation = await bot.confirmations.create(conversationKey, plan);
    return chat.say({
      card: confirmationCard(confirmation),
      summary: `Send "${plan.audioName}"? Confirm on the card.`,
    });
  }
  const summary = await sendPlan(bot, plan, messageKey('sendAudio', conversationKey, message.messageId));
  return chat.say({ card: resultCard(summary, plan), summary: `Sent "${plan.audioName}"` });
}
