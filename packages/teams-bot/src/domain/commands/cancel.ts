import type { BotContext } from '../bot-context.js';

/** "cancel": drops the sends waiting for confirmation in this conversation. */
export async function cancelCommand(bot: BotContext, conversationKey: string): Promise<string> {
  const open = await bot.confirmations.open(conversationKey);
  for (const confirmation of open) await bot.confirmations.cancel(confirmation.id);
  if (!open.length) return 'Nothing is waiting for your confirmation.';
  const names = open.map((c) => `"${c.plan.audio?.name ?? 'an older send'}"`).join(', ');
  return `Cancelled ${open.length === 1 ? 'the send' : `${open.length} sends`} waiting for confirmation (${names}); nothing was sent.`;
}
