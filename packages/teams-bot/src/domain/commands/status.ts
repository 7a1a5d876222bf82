import type { BotContext } from '../bot-context.js';

/** "status": is Musique reachable, what may the key do, what waits here. */
export async function statusCommand(bot: BotContext, conversationKey: string): Promise<string> {
  const { client } = bot;
  const [health, token, open] = await Promise.all([
    client.system.health(),
    client.tokens.test(),
    bot.confirmations.open(conversationKey),
  ]);
  const limit = client.rateLimit;
  return [
    `Musique API: **${health.status}** (${client.baseUrl})`,
    `Key permissions: ${token.permissions.join(', ') || 'none'}`,
    ...(limit ? [`Rate limit: ${limit.remaining} of ${limit.limit} requests left in this window`] : []),
    `Waiting for confirmation here: ${open.length}`,
  ].join('\n\n');
}
