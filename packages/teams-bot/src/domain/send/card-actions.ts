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
import { STORES_PLACEHOLDER } from '../cards/words.js';
import { storesAsSaid } from '../commands/parse.js';
import type { CardAction, Conversation } from '../conversation/conversation.js';
import { cardRetry, confirmationRetry } from '../conversation/retries.js';
import { explainError } from '../errors.js';
import {
  cardFor,
  cardWithin,
  executePlan,
  holdsPlan,
  OLDER_CARD,
  planFor,
  proceedFromCard,
} from './outcomes.js';

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
        if (!data.intent) return OLDER_CARD;
        const run = cardRetry(action, conversation.key);
        const planning = await planFor(
          bot,
          { ...data.intent, audio: String(data.audioId) },
          data.timeZone ?? action.timeZone,
          run,
        );
        return await proceedFromCard(bot, planning, conversation, run);
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
  const stores = storesAsSaid(String(data.stores ?? ''));
  if (!stores) return `Type the stores in the Stores box first: ${STORES_PLACEHOLDER}.`;
  const run = cardRetry(action, conversation.key);
  const planning = await planFor(bot, { audio: String(data.audioId), stores }, action.timeZone, run);
  return proceedFromCard(bot, planning, conversation, run);
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
  if (!holdsPlan(claim.confirmation)) {
    await confirmations.settle(pendingId, { error: OLDER_CARD });
    return expiredCard(OLDER_CARD);
  }
  const { plan } = claim.confirmation;
  // The retry identity is the confirmation's id: even a click on another instance cannot play twice.
  const outcome = executePlan(bot, plan, confirmationRetry(pendingId)).then(
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
