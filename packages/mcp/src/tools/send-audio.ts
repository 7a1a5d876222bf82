import { executeSendPlan, formatInZone, operations, planSend, type Send } from '@musique/core';
import { failure, type McpTool, success } from './tool.js';

/** What the API said happened, and no more: a queued send is not yet playing. */
function sentence(send: Send, timeZone: string): string {
  if (send.status === 'scheduled' && send.scheduleAt)
    return `is scheduled for ${formatInZone(new Date(send.scheduleAt), timeZone)} on`;
  if (send.status === 'queued') return 'is queued (it plays once the player takes it) on';
  if (send.status === 'failed') return 'failed to reach';
  return 'was sent to';
}

/**
 * send_audio: plays an audio on one store, several or all. What the words mean (the audio, the stores, the time
 * in the person's zone, whether to ask) is the core's send plan; several stores are confirmed by the person
 * first, and the plan itself is what the question carries, so the MCP App can show it.
 */
export const sendAudio: McpTool = {
  operation: operations.sendAudio,
  async run({ confirmationToken, ...input }, { client, directory, timeZone, confirm }) {
    const { audio, stores, scheduleAt, priority, repeat, volume } = input;
    if (typeof audio !== 'string' || (typeof stores !== 'string' && !Array.isArray(stores)))
      return failure(
        'send_audio needs audio (an ID or a name) and stores ("42", ["12", "42"], a range or "all").',
      );
    const planning = await planSend(
      client,
      {
        audio,
        stores: stores as string | string[],
        at: scheduleAt as string | undefined,
        priority,
        repeat,
        volume,
      },
      { timeZone, ...(directory ? { directory } : {}) },
    );
    if (!planning.ok) return failure(planning.refusal.message);
    const { plan } = planning;
    let retry: { platform: string; identity: unknown } | undefined;
    if (plan.confirm) {
      const answer = await confirm(
        operations.sendAudio,
        { ...plan },
        plan.confirm.question,
        confirmationToken,
      );
      if ('answer' in answer) return answer.answer;
      // The token's key: every redemption of one confirmation is the same send, played once.
      retry = { platform: 'mcp', identity: answer.idempotencyKey };
    } else if (confirmationToken !== undefined) {
      return failure('A send to one store needs no confirmation token; call again without it.');
    }
    const send = await executeSendPlan(client, plan, retry ? { retry } : {});
    const where = plan.stores.externalIds.length === 1 ? plan.stores.externalIds[0] : plan.stores.described;
    return success({ ...send, message: `"${plan.audio.name}" ${sentence(send, timeZone)} ${where}.` });
  },
};
