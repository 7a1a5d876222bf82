/**
 * The core's operation catalog in Zapier's shapes: each field an input field, each result field an output
 * field, each sample a sample. Zapier's conventions win where they differ: Title Case labels, snake_case keys
 * (the ones existing zaps already map), `default` as a string, a list field for several stores.
 */
import {
  type Field,
  type InputOf,
  type Operation,
  operations,
  type ParseContext,
  parseInput,
  type ResultField,
} from '@musique/core';
import type { Bundle } from 'zapier-platform-core';

/** Zapier's key for a catalog field, where it is not the core's own. */
const ZAPIER_KEYS: Record<string, string> = {
  audio: 'audio_id',
  audioId: 'audio_id',
  scheduleAt: 'schedule_at',
  text: 'name',
};

export const zapierKey = (field: Field) => ZAPIER_KEYS[field.key] ?? field.key;

/** An operation's field by the core's key; a renamed one fails the build's tests rather than a zap. */
export function fieldOf(operation: Operation, key: string): Field {
  const field = operation.fields.find((each) => each.key === key);
  if (!field) throw new Error(`${operation.title} has no field ${key} in the catalog.`);
  return field;
}

const INPUT_TYPES = {
  text: 'string',
  integer: 'integer',
  time: 'datetime',
  stores: 'string',
  audio: 'string',
  file: 'file',
  choice: 'string',
} as const satisfies Record<Field['kind'], string>;

/** Words Zapier's style keeps lower case inside a label ("Send Audio to Stores"). */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'to', 'the', 'in', 'for']);

export function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, index) =>
      index > 0 && SMALL_WORDS.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

const sentence = (text: string) => text.replace(/\.$/, '');

export interface InputFieldOptions {
  /** Replaces the catalog's meaning where Zapier's step behaves differently (a past Play At is refused). */
  meaning?: string;
  /** Replaces the catalog's "how to fill it in" with Zapier's (a file is mapped, not picked). */
  help?: string;
  required?: boolean;
  /** A plain text box where the catalog's kind would make a single line. */
  type?: 'text';
}

/** One catalog field as a Zapier input field. */
export function inputField(field: Field, options: InputFieldOptions = {}) {
  return {
    key: zapierKey(field),
    label: titleCase(field.label),
    type: options.type ?? INPUT_TYPES[field.kind],
    required: options.required ?? field.required,
    helpText: `${options.meaning ?? field.meaning} ${options.help ?? field.help}`,
    ...(field.kind === 'stores' ? { list: true } : {}),
    ...(field.kind === 'audio' ? { dynamic: 'audio_list.id.name', search: 'find_audio.id' } : {}),
    ...(field.choices
      ? {
          choices: field.choices.map((choice) => ({
            value: choice.value,
            label: `${choice.label}: ${sentence(choice.explanation)}`,
            sample: choice.value,
          })),
        }
      : {}),
    ...(field.default === undefined ? {} : { default: String(field.default) }),
  };
}

type OutputType = 'string' | 'number' | 'boolean' | 'file' | 'datetime' | 'integer';
type OutputField = { key: string; label: string; type: OutputType; list?: boolean };

const OUTPUT_TYPES: Record<ResultField['kind'], OutputType> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  time: 'datetime',
  list: 'string',
  object: 'string',
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;
const words = (key: string) => titleCase(key.replace(/([a-z])([A-Z])/g, '$1 $2'));
const typeOf = (value: unknown): OutputType =>
  typeof value === 'number'
    ? Number.isInteger(value)
      ? 'integer'
      : 'number'
    : typeof value === 'boolean'
      ? 'boolean'
      : typeof value === 'string' && ISO_TIME.test(value)
        ? 'datetime'
        : 'string';

/**
 * An operation's result fields as Zapier output fields. Zapier flattens what a result nests, so an object's
 * keys become `stats__timesPlayed` and a list of objects `destinations[]status`, named after the sample's keys.
 */
export function outputFields(result: readonly ResultField[], sample: Record<string, unknown>): OutputField[] {
  return result.flatMap((field): OutputField[] => {
    const value = sample[field.key];
    const label = titleCase(field.label);
    if (field.kind === 'object' && value && typeof value === 'object')
      return Object.entries(value).map(([key, inner]) => ({
        key: `${field.key}__${key}`,
        label: `${label}: ${words(key)}`,
        type: typeOf(inner),
      }));
    const first = Array.isArray(value) ? value[0] : undefined;
    if (field.kind === 'list' && first && typeof first === 'object')
      return Object.entries(first).map(([key, inner]) => ({
        key: `${field.key}[]${key}`,
        label: `${label}: ${words(key)}`,
        type: typeOf(inner),
      }));
    if (field.kind === 'list') return [{ key: field.key, label, type: 'string', list: true }];
    return [{ key: field.key, label, type: OUTPUT_TYPES[field.kind] }];
  });
}

/** Audio as every trigger, search and upload hands it on: the catalog's fields, Zapier's id and the file. */
const AUDIO_EXTRAS: OutputField[] = [
  { key: 'id', label: 'Audio ID', type: 'string' },
  { key: 'file', label: 'Audio File', type: 'file' },
];

const withZapierId = (sample: Record<string, unknown>) => ({
  id: sample.audioId,
  ...sample,
  file: sample.url,
});

export const audioOutput = {
  sample: withZapierId(operations.getAudio.sample),
  outputFields: [
    ...AUDIO_EXTRAS,
    ...outputFields(operations.getAudio.result, operations.getAudio.sample).filter(
      (field) => field.key !== 'audioId',
    ),
  ],
};

export const uploadedOutput = {
  sample: { ...withZapierId(operations.uploadAudio.sample), description: null, category: null },
  outputFields: [
    ...AUDIO_EXTRAS,
    ...outputFields(operations.uploadAudio.result, operations.uploadAudio.sample).filter(
      (field) => field.key !== 'audioId',
    ),
  ],
};

/** The zone a time without an offset is read in: the zap's, else the account's, else UTC. */
export function parseContext(bundle: Bundle): ParseContext {
  const timeZone = bundle.meta?.timezone ?? bundle.meta?.zap?.user?.timezone;
  return timeZone ? { timeZone } : {};
}

/**
 * A step's input read through the catalog's fields (each parsed, blanks dropped), found under Zapier's keys;
 * `fields` when the step offers others than the operation's own. A bad value is the core's ValidationError,
 * thrown before any request.
 */
export function readInput<O extends Operation>(bundle: Bundle, operation: O): InputOf<O>;
/** Only some of the operation's fields (a search where none is required alone): say what comes back. */
export function readInput<T>(bundle: Bundle, operation: Operation, fields: Operation['fields']): T;
export function readInput(bundle: Bundle, operation: Operation, fields = operation.fields): unknown {
  const input = Object.fromEntries(fields.map((field) => [field.key, bundle.inputData[zapierKey(field)]]));
  return parseInput({ ...operation, fields }, input, parseContext(bundle));
}
