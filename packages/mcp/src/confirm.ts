import {
  acceptedContent,
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  PROTOCOL_VERSION_META_KEY,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Operation } from '@musique/core';
import type { Confirmations } from './confirmations.js';
import { failure, success, type ToolContext } from './tools/index.js';

/** A person takes their time to click: the question waits this long, then the token path takes over. */
export const ELICITATION_TIMEOUT_MS = 10 * 60_000;

/** The MCP tool name of an operation: listAudio -> list_audio. */
export const toolName = (operation: Pick<Operation, 'key'>) =>
  operation.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const QUESTION_KEY = 'confirm';
const QUESTION_SCHEMA = {
  type: 'object' as const,
  properties: { confirm: { type: 'boolean' as const, title: 'Go ahead', default: false } },
  required: ['confirm'],
};

/** How this request can reach the person: in the request (2026-07-28), over the session (stdio), or not. */
function askingPath(
  server: Server,
  ctx: ServerContext,
  sessionHeld: boolean,
): 'in-request' | 'session' | 'none' {
  const envelope: Record<string, unknown> = ctx.mcpReq.envelope ?? {};
  if (envelope[PROTOCOL_VERSION_META_KEY])
    return (envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined)?.elicitation
      ? 'in-request'
      : 'none';
  return sessionHeld && server.getClientCapabilities()?.elicitation ? 'session' : 'none';
}

const cancelled = (plan: Record<string, unknown>, question: string): CallToolResult =>
  success({
    status: 'cancelled',
    plan,
    message: `Nothing was done: the person did not confirm. ${question}`,
  });

/**
 * Asks the person, never the model. On protocol 2026-07-28 the question rides the request itself (input
 * required): the retry carries the person's answer and the signed state this server minted, so any instance
 * can finish it. Over a stdio session the question is an elicitation that waits minutes. A client that can do
 * neither gets a signed token and is told a person must be asked before it is used.
 */
export function askPerson(
  server: Server,
  ctx: ServerContext,
  confirmations: Confirmations,
  person: string,
  asking: { elicitation: boolean; timeoutMs?: number },
): ToolContext['confirm'] {
  const { timeoutMs = ELICITATION_TIMEOUT_MS } = asking;
  return async (operation, plan, question, token, subject) => {
    const state = ctx.mcpReq.requestState<string>();
    if (typeof state === 'string') {
      const redeemed = confirmations.redeem(operation.key, plan, state, person);
      if ('refusal' in redeemed) return { answer: failure(redeemed.refusal) };
      const reply = acceptedContent(ctx.mcpReq.inputResponses, QUESTION_KEY);
      return reply?.confirm === true ? redeemed : { answer: cancelled(plan, question) };
    }
    if (typeof token === 'string') {
      const redeemed = confirmations.redeem(operation.key, plan, token, person);
      return 'refusal' in redeemed ? { answer: failure(redeemed.refusal) } : redeemed;
    }
    const issued = confirmations.issue(operation.key, plan, person, subject);
    const path = askingPath(server, ctx, asking.elicitation);
    if (path === 'in-request')
      return {
        answer: inputRequired({
          inputRequests: {
            [QUESTION_KEY]: inputRequired.elicit({ message: question, requestedSchema: QUESTION_SCHEMA }),
          },
          requestState: issued.token,
        }),
      };
    const reply =
      path === 'session'
        ? await server
            .elicitInput(
              { message: question, requestedSchema: QUESTION_SCHEMA },
              { relatedRequestId: ctx.mcpReq.id, timeout: timeoutMs },
            )
            .catch(() => undefined) // no answer in time: the token below still lets them confirm
        : undefined;
    if (reply?.action === 'accept' && reply.content?.confirm === true) return issued;
    if (reply) return { answer: cancelled(plan, question) };
    return {
      answer: success({
        status: 'needs_confirmation',
        confirmationToken: issued.token,
        plan,
        message: `${question} Nothing was done yet. A person must be asked first: show them this question, and only if they say yes call ${toolName(operation)} again with the same arguments and this result's confirmationToken.`,
      }),
    };
  };
}

export type ConfirmAnswer = CallToolResult | InputRequiredResult;
