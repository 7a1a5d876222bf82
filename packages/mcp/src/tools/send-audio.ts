import { executeSendPlan, operations, planSend, type Send, type SendPlan } from '@musique/core';
import { failure, type McpTool, success } from './tool.js';

/** What the API said happened, and no more: a queued send is not yet playing. */
function sentence(send: Send, plan: SendPlan): string {
  const name = `"${plan.audio.name}"`;
  if (send.status === 'scheduled')
    return `${name} is scheduled for ${plan.when} on ${plan.stores.described}.`;
  if (send.status === 'queued')
    return `${name} is queued on ${plan.stores.described}: it plays once the player takes it.`;
  if (send.status === 'failed') return `${name} failed to reach ${plan.stores.described}.`;
  return `${name} was sent to ${plan.stores.described}.`;
}

/**
 * send_audio: the core's send plan in MCP's words. The core decides the audio, the stores, the time and whether
 * a person must say yes (several stores, or the same send again within minutes); this file only asks them and
 * sends the plan, a confirmed send keyed by its confirmation so a retry replays instead of playing twice.
 */
export const sendAudio: McpTool = {
  operation: operations.sendAudio,
  async run({ confirmationToken, ...input }, { client, directory, timeZone, plans, confirm }) {
    const planning = await planSend(
      client,
      {
        audio: input.audio as string,
        stores: input.stores as string[],
        at: (input.scheduleAt as string | undefined) ?? null,
        priority: input.priority,
        repeat: input.repeat,
        volume: input.volume,
      },
      // A token is a person's yes to this very send: its retry replays, it is not "the same send again".
      {
        timeZone,
        ...(directory ? { directory } : {}),
        ...plans,
        ...(confirmationToken ? { recent: undefined } : {}),
      },
    );
    if (!planning.ok) return failure(planning.refusal.message);
    const { plan } = planning;
    let retry: { platform: string; identity: unknown } | undefined;
    if (plan.confirm) {
      const answer = await confirm(
        operations.sendAudio,
        // The whole plan: the MCP App shows it, and the token is bound to exactly what the person saw.
        { ...plan },
        plan.confirm.question,
        confirmationToken,
      );
      if ('answer' in answer) return answer.answer;
      // The token's key: every redemption of one confirmation is the same send, played once.
      retry = { platform: 'mcp', identity: answer.idempotencyKey };
    } else if (confirmationToken !== undefined) {
      return failure('This send needs no confirmation token; call again without it.');
    }
    const send = await executeSendPlan(client, plan, {
      ...(retry ? { retry } : {}),
      ...(plans.recent ? { recent: plans.recent } : {}),
    });
    return success({ ...send, notes: plan.notes, message: [sentence(send, plan), ...plan.notes].join(' ') });
  },
};
