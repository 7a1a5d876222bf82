import type { BotContext } from '../bot-context.js';
import { audioListCard } from '../cards/cards.js';
import type { Relay } from '../conversation/relay.js';
import { PROMO_CATEGORY } from './parse.js';

const LIST_SIZE = 10;

/** "list promos": the newest ten, each with a send button. */
export async function listCommand(bot: BotContext, category: string | undefined, chat: Relay): Promise<void> {
  const filters = category ? { category } : {};
  const page = await bot.client.audio.list({ limit: LIST_SIZE, ...filters });
  // An API that ignored the category leaves only the promos among the newest ten (the core drops the rest):
  // read on, each page checked by the core, until there are ten promos or no more audio.
  const data = page.ignoredFilters.length
    ? await firstOf(bot.client.audio.iterate(filters), LIST_SIZE)
    : page.data;
  const title =
    category === PROMO_CATEGORY
      ? 'Promos, newest first'
      : category
        ? `${category}, newest first`
        : 'Audio, newest first';
  return chat.say({ card: audioListCard(data, title), summary: `${data.length} audio files` });
}

async function firstOf<T>(items: AsyncIterable<T>, count: number): Promise<T[]> {
  const first: T[] = [];
  for await (const item of items) {
    first.push(item);
    if (first.length === count) break;
  }
  return first;
}
