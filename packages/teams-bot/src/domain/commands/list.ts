import type { BotContext } from '../bot-context.js';
import { audioListCard } from '../cards/cards.js';
import type { Relay } from '../conversation/relay.js';
import { PROMO_CATEGORY } from './parse.js';

/** "list promos": the newest ten, each with a send button. */
export async function listCommand(bot: BotContext, category: string | undefined, chat: Relay): Promise<void> {
  const { data } = await bot.client.audio.list({ limit: 10, ...(category ? { category } : {}) });
  const title =
    category === PROMO_CATEGORY
      ? 'Promos, newest first'
      : category
        ? `${category}, newest first`
        : 'Audio, newest first';
  return chat.say({ card: audioListCard(data, title), summary: `${data.length} audio files` });
}
