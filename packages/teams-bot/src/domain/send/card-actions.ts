import type { BotContext } from '../bot-context.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import {
  type ConfirmData,
  expiredCard,
  failedCard,
  type PickData,
  resultCard,
  type SendAudioData,
  VERBS,
} from '../cards/cards.js';
import { STORES_PLACEHOLDER } from '../commands/chat-surface.js';
import { parseStores } from '../commands/parse.js';
import type { CardAction, Conversation } from '../conversation/conversation.js';
import type { PlannedSend } from '../conversation/pending.js';
import { explainError } from '../errors.js';
import { cardKey, confirmationKey } from './idempotency-keys.js';
import { cardFor, cardWithin, proceedFromCard, sendPlan } from './plan.js';
import { resolveTargets } from './resolution.js';

/** Answers a card button; the returned card (or words) replaces the clicked one. */
export async function answerCardAction(
  bot: BotContext,
  action: CardAction,
  conversation: Conversation,
): Promise<AdaptiveCard | string> {
  try {
    switch (action.verb) {
      case VERBS.confirm:
        return await confirm(bot, String((action.data as unknown as ConfirmData).pendingId), conversation);
      case VERBS.cancel: {
        const confirmation = await bot.confirmations.cancel(
          String((action.data as unknown as ConfirmData).pendingId),
        );
        return confirmation ? cardFor(bot, confirmation) : expiredCard();
      }
      case VERBS.pick: {
        const data = action.data as unknown as PickData;
        const plan: PlannedSend = { ...data.plan, audioId: data.audioId, audioName: data.audioName };
        return await proceedFromCard(bot, plan, conversation, cardKey(action, conversation.key, plan));
      }
      case VERBS.sendAudio:
        return await sendFromList(bot, action, conversation);
      default:
        return 'This button is from an older version of the bot; type the command instead.';
    }
  } catch (error) {
    bot.log('card action failed', error);
    return explainError(error);
  }
}

/** A list card's Send button, with the stores typed in the card's box. */
async function sendFromList(
  bot: BotContext,
  action: CardAction,
  conversation: Conversation,
): Promise<AdaptiveCard | string> {
  const data = action.data as unknown as SendAudioData;
  const stores = parseStores(data.stores ?? '');
  if (!stores) return `Type the stores in the Stores box first: ${STORES_PLACEHOLDER}.`;
  const targets = await resolveTargets(bot.stores, stores);
  if (targets.kind === 'none') return targets.problem;
  const plan: PlannedSend = {
    audioId: data.audioId,
    audioName: data.audioName,
    externalIds: targets.externalIds,
    all: targets.all,
    ...(action.timeZone ? { timeZone: action.timeZone } : {}),
  };
  return proceedFromCard(bot, plan, conversation, cardKey(action, conversation.key, plan));
}

async function confirm(
  bot: BotContext,
  pendingId: string,
  conversation: Conversation,
): Promise<AdaptiveCard> {
  const { confirmations } = bot;
  const claim = await confirmations.claim(pendingId);
  if (claim.kind === 'missing') return expiredCard();
  if (claim.kind === 'settled') return cardFor(bot, claim.confirmation);
  const { plan } = claim.confirmation;
  // The key comes from the confirmation's id: even a click on another instance cannot send twice.
  const outcome = sendPlan(bot, plan, confirmationKey(pendingId)).then(
    async (summary) => {
      await confirmations.settle(pendingId, { result: summary });
      return resultCard(summary, plan);
    },
    async (error: unknown) => {
      const problem = explainError(error);
      await confirmations.settle(pendingId, { error: problem });
      return failedCard(plan, problem);
    },
  );
  return cardWithin(bot, outcome, plan, conversation);
}
