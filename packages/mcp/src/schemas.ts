/** The catalog as MCP tool schemas: each field a JSON Schema property, each result field an output property. */
import type { Tool } from '@modelcontextprotocol/server';
import { type Field, MAX_UPLOAD_BYTES, type Operation, type ResultField } from '@musique/core';
import { toolName } from './confirm.js';
import type { McpTool } from './tools/index.js';

type JsonSchema = Record<string, unknown>;

/** How an assistant gives a file: it has no file picker, only the bytes it holds, a link, or (locally) a path. */
const fileHelp = (paths: boolean) =>
  `The file's bytes as base64 or a data: URI (data:audio/mpeg;base64,…), an https URL to download it from${paths ? ', or a path to an audio file on this machine' : ' (on a public server)'}. MP3, WAV, OGG or AAC, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;

/** Stores are a JSON array here, not the comma-separated text a form field takes. */
const STORES_HELP =
  'A list of stores, each a store ID or number: ["store_042"], ["12", "42"]; ["all"] means every store.';

/** The server's zone, so an assistant knows how a time without an offset is read. */
export interface SchemaContext {
  timeZone?: string;
  /** Whether `file` may be a path on the server's machine (stdio only). */
  paths?: boolean;
}

export function inputProperty(field: Field, context: SchemaContext = {}): JsonSchema {
  const help =
    field.kind === 'file'
      ? fileHelp(context.paths ?? true)
      : field.kind === 'stores'
        ? STORES_HELP
        : field.help;
  const description = [field.meaning, help];
  if (field.kind === 'time' && context.timeZone)
    description.push(`"Your time zone" is ${context.timeZone} here; add an offset to mean another.`);
  const schema: JsonSchema = {};
  switch (field.kind) {
    case 'integer':
      Object.assign(schema, { type: 'integer', minimum: field.range?.min, maximum: field.range?.max });
      break;
    case 'choice':
      schema.type = 'string';
      schema.enum = field.choices?.map((choice) => choice.value);
      description.push(
        field.choices?.map((choice) => `${choice.value}: ${choice.explanation}`).join(' ') ?? '',
      );
      break;
    case 'stores':
      Object.assign(schema, {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: field.maxLength },
        minItems: field.range?.min,
        maxItems: field.range?.max,
      });
      break;
    default:
      Object.assign(schema, { type: 'string', minLength: 1, maxLength: field.maxLength });
  }
  if (field.default !== undefined) schema.default = field.default;
  schema.description = description.join(' ');
  schema.examples =
    field.kind === 'stores'
      ? field.examples.map((example) => example.split(/,\s*/))
      : field.kind === 'integer'
        ? field.examples.map(Number)
        : field.examples;
  return dropUndefined(schema);
}

export function inputSchema(
  operation: Operation,
  extra: Record<string, JsonSchema> = {},
  context: SchemaContext = {},
): JsonSchema {
  return {
    type: 'object',
    properties: {
      ...Object.fromEntries(operation.fields.map((field) => [field.key, inputProperty(field, context)])),
      ...extra,
    },
    required: operation.fields.filter((field) => field.required).map((field) => field.key),
    additionalProperties: false,
  };
}

const RESULT_TYPES: Record<ResultField['kind'], JsonSchema> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  time: { type: 'string', format: 'date-time' },
  list: { type: 'array' },
  object: { type: 'object' },
};

export function outputProperty(field: ResultField): JsonSchema {
  const base = RESULT_TYPES[field.kind];
  const type = field.nullable ? [base.type, 'null'] : base.type;
  return { ...base, type, description: `${field.label}: ${field.meaning}` };
}

export function outputSchema(
  operation: Operation,
  options: { extra?: Record<string, JsonSchema>; required?: readonly string[] } = {},
): JsonSchema {
  return {
    type: 'object',
    properties: {
      ...Object.fromEntries(operation.result.map((field) => [field.key, outputProperty(field)])),
      ...options.extra,
    },
    required: options.required ?? operation.result.map((field) => field.key),
  };
}

function dropUndefined(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

const CONFIRMATION = {
  confirmationToken: {
    type: 'string',
    description:
      "Only when a previous call answered needs_confirmation and the person agreed: that answer's token, with the same arguments.",
  },
};
const PENDING_OUTPUT = {
  status: {
    type: 'string',
    description:
      'sent, scheduled, queued or failed once done; needs_confirmation or cancelled when nothing was done.',
  },
  confirmationToken: {
    type: 'string',
    description: 'Echo it in a second call, with the same arguments, once the person agrees.',
  },
  plan: { type: 'object', description: 'What the call would do.' },
  message: { type: 'string', description: 'What happened, in a sentence.' },
};
const CONFIRM_WORDING = {
  never: '',
  always: ' Asks the person to confirm first.',
  'several-stores': ' A send to more than one store asks the person to confirm first.',
};

/** A tool as MCP lists it: the catalog operation's schema, what the tool adds, and honest annotations. */
export function describeTool(tool: McpTool, context: SchemaContext): Tool {
  const { operation } = tool;
  const confirmable = operation.confirm !== undefined;
  return {
    name: toolName(operation),
    title: operation.title,
    description: operation.description + CONFIRM_WORDING[operation.confirm ?? 'never'],
    inputSchema: inputSchema(
      operation,
      { ...tool.input, ...(confirmable ? CONFIRMATION : {}) },
      context,
    ) as Tool['inputSchema'],
    outputSchema: outputSchema(
      operation,
      confirmable ? { extra: PENDING_OUTPUT, required: [] } : (tool.output ?? {}),
    ) as Tool['outputSchema'],
    annotations: {
      title: operation.title,
      readOnlyHint: operation.effect === 'read',
      destructiveHint: operation.effect === 'destructive',
      idempotentHint: operation.idempotent,
      openWorldHint: true,
    },
  };
}
