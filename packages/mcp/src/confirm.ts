import type { Server } from '@modelcontextprotocol/server';
import type { Operation } from '@musique/core';
import type { Confirmations } from './confirmations.js';
import { failure, success, type ToolContext } from './tools/index.js';

/** A person takes their time to click: the question waits this long, then the token path takes over. */
export const ELICITATION_TIMEOUT_MS = 10 * 60_000;

/** The MCP tool name of an operation: listAudio -> list_audio. */
export const toolName = (operation: Pick<Operation, 'key'>) =>
  operation.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Asks the person within one tool call: by elicitation when the session can hold the question and the client
 * can answer it (waiting minutes), else, or when no answer came, with a signed token the assistant echoes in a second call once the person agrees.
 */
export function askPerson(
  server: Server,
  confirmations: Confirmations,
  person: string,
  asking: { requestId: string | number; elicitation: boolean; timeoutMs?: number },
): ToolContext['confirm'] {
  const { requestId, timeoutMs = ELICITATION_TIMEOUT_MS } = asking;
  return async (operation, plan, question, token, subject) => {
    if (typeof token === 'string') {
      const redeemed = confirmations.redeem(operation.key, plan, token, person);
      return 'refusal' in redeemed ? { answer: failure(redeemed.refusal) } : redeemed;
    }
    const issued = confirmations.issue(operation.key, plan, person, subject);
    const reply =
      asking.elicitation && server.getClientCapabilities()?.elicitation
        ? await server
            .elicitInput(
              {
                message: question,
                requestedSchema: {
                  type: 'object',
                  properties: { confirm: { type: 'boolean', title: 'Go ahead', default: false } },
                  required: ['confirm'],
                },
              },
              { relatedRequestId: requestId, timeout: timeoutMs },
            )
            .catch(() => undefined) // no answer in time: the token below still lets them confirm
        : undefined;
    if (reply?.action === 'accept' && reply.content?.confirm === true) return issued;
    if (reply)
      return {
        answer: success({
          status: 'cancelled',
          plan,
          message: `Nothing was done: the person did not confirm. ${question}`,
        }),
      };
    return {
      answer: success({
        status: 'needs_confirmation',
        confirmationToken: issued.token,
        plan,
        message: `${question} Ask the person; if they agree, call ${toolName(operation)} again with the same arguments and confirmationToken "${issued.token}".`,
      }),
    };
  };
}
