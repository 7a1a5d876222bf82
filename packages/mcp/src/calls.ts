/** What surrounds every tool call: its arguments checked against the advertised schema, and one log line. */
import {
  fromJsonSchema,
  type JsonSchemaType,
  ProtocolError,
  ProtocolErrorCode,
  type Tool,
} from '@modelcontextprotocol/server';
import type { ToolAnswer } from './tools/index.js';

const checkers = new Map<string, ReturnType<typeof fromJsonSchema>>();

/**
 * Refuses arguments the tool's own schema refuses (too many stores, a string for a list, an object for a name)
 * with -32602 and a sentence naming each argument, before anything runs.
 */
export async function checkArguments(tool: Tool, args: Record<string, unknown>): Promise<void> {
  let checker = checkers.get(tool.name);
  if (!checker) {
    checker = fromJsonSchema(tool.inputSchema as JsonSchemaType);
    checkers.set(tool.name, checker);
  }
  const checked = await checker['~standard'].validate(args);
  if (!checked.issues) return;
  const problems = checked.issues
    .flatMap((issue) => issue.message.split(', '))
    .map((problem) =>
      problem
        .replace(/^data must NOT have additional properties$/, 'an argument is not one this tool takes')
        .replace(/^data\/([^/\s]+)(\/\d+)?/, (_all, name: string, item?: string) =>
          item ? `each of ${name}` : name,
        )
        .replace(/^data /, 'the arguments '),
    );
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Invalid arguments for ${tool.name}: ${[...new Set(problems)].join('; ')}.`,
  );
}

/** One line per tool call, for the operator: who (never a key), what, how it ended, how long it took. */
export interface CallRecord {
  event: 'tool_call';
  who: string;
  tool: string;
  outcome: 'ok' | 'error' | 'needs_confirmation' | 'asked_person' | 'cancelled' | 'invalid_arguments';
  requestId: string | number;
  durationMs: number;
}

export type CallLog = (record: CallRecord) => void;

/** The default log: JSON lines on stderr (stdout is the protocol's over stdio). */
export const stderrLog: CallLog = (record) => process.stderr.write(`${JSON.stringify(record)}\n`);

export function outcomeOf(answer: ToolAnswer): CallRecord['outcome'] {
  if ('resultType' in answer && answer.resultType === 'input_required') return 'asked_person';
  const status = (answer as { structuredContent?: { status?: unknown } }).structuredContent?.status;
  if (status === 'needs_confirmation' || status === 'cancelled') return status;
  return (answer as { isError?: boolean }).isError ? 'error' : 'ok';
}
