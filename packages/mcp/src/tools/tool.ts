/** What a tool is: one catalog operation, what MCP adds to its schema, and how it runs. */
import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { Audio, AudioFilterName, MusiqueClient, Operation, StoreDirectory } from '@musique/core';
import type { Confirmations } from '../confirmations.js';
import type { FileRules } from '../files.js';

type JsonSchema = Record<string, unknown>;

/** What every tool may use; built per call, so `confirm` answers within that call. */
export interface ToolContext {
  client: MusiqueClient;
  directory: StoreDirectory | undefined;
  /** The person's IANA zone, for times without an offset and in every sentence. */
  timeZone: string;
  files: FileRules;
  confirmations: Confirmations;
  /** Who is asking: a confirmation token is good for them alone. */
  person: string;
  /** The list filters the API was seen to ignore (the client then filtered on its own). */
  ignoredFilters: ReadonlySet<AudioFilterName>;
  /** Asks the person (elicitation, else a token for a second call); the idempotency key once they agreed. */
  confirm(
    operation: Operation,
    plan: Record<string, unknown>,
    question: string,
    token: unknown,
    subject?: string,
  ): Promise<{ idempotencyKey: string } | { answer: ToolAnswer }>;
  /** Tells the client how far a long step is, when it asked for progress (a progress token). */
  progress(done: number, total?: number, message?: string): void;
  /** An audio by ID or name, or a sentence saying there is none or which ones match. */
  audioOf(reference: string): Promise<Audio>;
}

export interface McpTool {
  operation: Operation;
  /** Properties beyond the catalog's fields, such as list_audio's cursor. */
  input?: Record<string, JsonSchema>;
  output?: { extra: Record<string, JsonSchema>; required: readonly string[] };
  run(input: Record<string, unknown>, context: ToolContext): Promise<ToolAnswer>;
}

/** A tool's answer: its result, or (protocol 2026-07-28) a question for the person the client asks first. */
export type ToolAnswer = CallToolResult | InputRequiredResult;

/**
 * The result for the model: the sentence in text (a model reads it first), the data once, structured. A result
 * without a sentence is given as compact JSON text too, for clients that read text only.
 */
export const success = (result: object): CallToolResult => ({
  content: [
    {
      type: 'text',
      text:
        'message' in result && typeof result.message === 'string' ? result.message : JSON.stringify(result),
    },
  ],
  structuredContent: result as Record<string, unknown>,
});

export const failure = (sentence: string): CallToolResult => ({
  content: [{ type: 'text', text: sentence }],
  isError: true,
});
