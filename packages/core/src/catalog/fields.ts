import { ValidationError } from '../errors.js';
import { contractLimits, type PriorityValue, PriorityValues } from '../generated/contract.js';
import { splitStoreList } from '../stores.js';
import { SEND_TIME_GRACE_MINUTES } from './time-to-play.js';
import { readTimeToPlay } from './when.js';

/** What a surface knows when it reads a value: the zone of the workflow, the user or the machine. */
export interface ParseContext {
  /** IANA zone for a time written without an offset; UTC when absent. */
  timeZone?: string;
  /** What "tomorrow" counts from; the clock when absent. */
  now?: Date;
}

export interface Choice<T extends string = string> {
  value: T;
  /** Short, in the user's words: "Urgent". */
  label: string;
  /** One sentence: what choosing it does. */
  explanation: string;
}

/**
 * One input of an operation, described once for every surface. `key` is the core's option name; surfaces
 * rename it in their own style (Zapier `schedule_at`, the CLI `--at`) and keep the rest.
 */
export interface Field<T = unknown, K extends string = string, R extends boolean = boolean> {
  key: K;
  label: string;
  /** What the value is, in one sentence. */
  meaning: string;
  /** How to fill it in, for a form's help line. */
  help: string;
  kind: 'text' | 'integer' | 'time' | 'stores' | 'audio' | 'file' | 'choice';
  required: R;
  choices?: readonly Choice[];
  /** Inclusive; for `stores`, how many. */
  range?: { min: number; max: number };
  maxLength?: number;
  default?: T;
  examples: readonly string[];
  /** The value as the core takes it; undefined for a blank optional field; a ValidationError otherwise. */
  parse(value: unknown, context?: ParseContext): T | undefined;
}

/** The value a field's `parse` gives. */
export type FieldValue<F> = F extends Field<infer T, string, boolean> ? T : never;

const refuse = (param: string, code: string, message: string) =>
  new ValidationError({ code, param, type: 'validation_error', message });

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

function required<T>(field: Field<T>, value: T | undefined): T | undefined {
  if (value === undefined && field.required)
    throw refuse(field.key, 'missing_field', `${field.label} is required: ${field.help}`);
  return value;
}

function textField<K extends string, R extends boolean>(
  spec: Omit<Field<string, K, R>, 'parse' | 'kind'>,
  kind: Field['kind'] = 'text',
): Field<string, K, R> {
  const field: Field<string, K, R> = {
    ...spec,
    kind,
    parse(value) {
      if (isBlank(value)) return required(field, undefined);
      const text = String(value).trim();
      if (spec.maxLength !== undefined && text.length > spec.maxLength)
        throw refuse(
          spec.key,
          'out_of_range',
          `${spec.label} is ${text.length} characters long; at most ${spec.maxLength} fit.`,
        );
      return text;
    },
  };
  return field;
}

function integerField<K extends string, R extends boolean>(
  spec: Omit<Field<number, K, R>, 'parse' | 'kind' | 'range' | 'default'>,
  limits: { minimum: number; maximum: number; default?: number },
): Field<number, K, R> {
  const range = { min: limits.minimum, max: limits.maximum };
  const field: Field<number, K, R> = {
    ...spec,
    kind: 'integer',
    range,
    ...(limits.default === undefined ? {} : { default: limits.default }),
    parse(value) {
      if (isBlank(value)) return required(field, undefined);
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isInteger(number))
        throw refuse(
          spec.key,
          'invalid_format',
          `${spec.label} must be a whole number from ${range.min} to ${range.max}; got "${String(value)}".`,
        );
      if (number < range.min || number > range.max)
        throw refuse(
          spec.key,
          'out_of_range',
          `${spec.label} must be from ${range.min} to ${range.max}; got ${number}.`,
        );
      return number;
    },
  };
  return field;
}

const send = contractLimits.sendAudio;
const upload = contractLimits.uploadAudio;
const list = contractLimits.listAudio;

export const audioField = textField(
  {
    key: 'audio',
    label: 'Audio',
    meaning: 'The audio file, by its ID or its name.',
    help: 'An audio ID (aud_…) or the name of an uploaded audio file; a name must match one file.',
    required: true,
    maxLength: 200,
    examples: ['aud_9x8y7z6w5v4u3t', 'Summer Sale'],
  },
  'audio',
);

export const audioIdField = textField({
  key: 'audioId',
  label: 'Audio ID',
  meaning: 'The ID the API gave the audio file when it was uploaded.',
  help: 'An audio ID, such as aud_9x8y7z6w5v4u3t; find it by listing or finding audio.',
  required: true,
  maxLength: 100,
  examples: ['aud_9x8y7z6w5v4u3t'],
});

const storesField: Field<string[], 'stores', true> = {
  key: 'stores',
  label: 'Stores',
  meaning:
    'The stores whose players play it; one store is a send, several are a broadcast that reaches all or none.',
  help: 'Store IDs or numbers, separated by commas, spaces or new lines: store_042, 42 or #42. "all" means every store.',
  kind: 'stores',
  required: true,
  range: { min: send.externalIds.minItems, max: send.externalIds.maxItems },
  maxLength: send.externalIds.items.maxLength,
  examples: ['42', 'store_012, store_042', 'all'],
  parse(value) {
    const references = (Array.isArray(value) ? value : [value])
      .filter((item) => !isBlank(item))
      .flatMap((item) => splitStoreList(String(item)));
    if (references.length === 0) return required(storesField, undefined);
    const tooLong = references.find((reference) => reference.length > (storesField.maxLength ?? Infinity));
    if (tooLong)
      throw refuse('stores', 'out_of_range', `"${tooLong.slice(0, 20)}…" is too long for a store ID.`);
    return references;
  },
};

export { storesField };

export const scheduleAtField: Field<string, 'scheduleAt', false> = {
  key: 'scheduleAt',
  label: 'Play At',
  meaning: `When the stores play it; empty means now. A time up to ${SEND_TIME_GRACE_MINUTES} minutes past plays at once (the answer says so); one further past is refused and nothing is sent.`,
  help: 'A date and time such as 2030-06-01T09:00 (read in your time zone), with an offset such as 2030-06-01T09:00:00+02:00, or "tomorrow 9:00". Leave empty to play now.',
  kind: 'time',
  required: false,
  examples: ['tomorrow 9:00', '2030-06-01T09:00', '2030-06-01T09:00:00+02:00'],
  parse(value, context = {}) {
    if (isBlank(value)) return undefined;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime()))
        throw refuse('scheduleAt', 'invalid_format', 'Play At is not a valid date.');
      return value.toISOString();
    }
    return readTimeToPlay(String(value), context).toISOString();
  },
};

const PRIORITY_WORDS: Record<PriorityValue, Choice<PriorityValue>> = {
  low: { value: 'low', label: 'Low', explanation: 'Plays after everything already queued.' },
  normal: { value: 'normal', label: 'Normal', explanation: 'Takes its turn in the queue.' },
  high: { value: 'high', label: 'High', explanation: 'Plays right after the audio playing now.' },
  urgent: { value: 'urgent', label: 'Urgent', explanation: 'Interrupts the audio playing now.' },
};

export const priorityField: Field<PriorityValue, 'priority', false> = {
  key: 'priority',
  label: 'Priority',
  meaning: 'How soon the stores play it; only Urgent cuts off what is playing.',
  help: 'Low, Normal, High or Urgent.',
  kind: 'choice',
  required: false,
  choices: PriorityValues.map((value) => PRIORITY_WORDS[value]),
  default: send.priority.default,
  examples: ['urgent'],
  parse(value) {
    if (isBlank(value)) return undefined;
    const wanted = String(value).trim().toLowerCase();
    const choice = PriorityValues.find((priority) => priority === wanted);
    if (!choice)
      throw refuse(
        'priority',
        'invalid_format',
        `Priority "${String(value)}" is not one of ${PriorityValues.join(', ')}.`,
      );
    return choice;
  },
};

export const repeatField = integerField(
  {
    key: 'repeat',
    label: 'Repeat',
    meaning: 'How many times in a row each store plays it.',
    help: `A whole number from ${send.repeat.minimum} to ${send.repeat.maximum}.`,
    required: false,
    examples: ['2'],
  },
  send.repeat,
);

export const volumeField = integerField(
  {
    key: 'volume',
    label: 'Volume (%)',
    meaning: "How loud the stores play it, in percent of the player's volume.",
    help: `A whole number from ${send.volume.minimum} to ${send.volume.maximum}.`,
    required: false,
    examples: ['80'],
  },
  send.volume,
);

export const fileField = textField(
  {
    key: 'file',
    label: 'Audio File',
    meaning: 'The audio to upload; its content decides the format, not its name.',
    help: 'An MP3, WAV, OGG or AAC file of at most 10 MB.',
    required: true,
    examples: ['promo-summer-sale.mp3'],
  },
  'file',
);

export const nameField = textField({
  key: 'name',
  label: 'Name',
  meaning: 'The name people find the audio by.',
  help: 'Leave empty to use the file name without its extension.',
  required: false,
  maxLength: upload.name.maxLength,
  examples: [...upload.name.examples],
});

export const descriptionField = textField({
  key: 'description',
  label: 'Description',
  meaning: 'A note on what the audio is for.',
  help: `Free text, at most ${upload.description.maxLength} characters.`,
  required: false,
  maxLength: upload.description.maxLength,
  examples: [...upload.description.examples],
});

export const categoryField = textField({
  key: 'category',
  label: 'Category',
  meaning: 'A group for the audio, such as promotion, announcement or emergency.',
  help: 'Free text; promotion, announcement and emergency are the usual ones.',
  required: false,
  maxLength: upload.category.maxLength,
  examples: ['promotion', 'announcement', 'emergency'],
});

export const nameFilterField = textField({
  key: 'name',
  label: 'Name Contains',
  meaning: 'Only audio whose name contains this text, ignoring case.',
  help: 'Part of a name, such as "sale".',
  required: false,
  maxLength: list.name.maxLength,
  examples: ['sale'],
});

export const categoryFilterField = textField({
  key: 'category',
  label: 'Category',
  meaning: 'Only audio of this category (the whole category, ignoring case).',
  help: 'Such as promotion.',
  required: false,
  maxLength: list.category.maxLength,
  examples: ['promotion'],
});

export const limitField = integerField(
  {
    key: 'limit',
    label: 'Limit',
    meaning: 'How many audio files to return at most, newest first.',
    help: `A whole number from ${list.limit.minimum} to ${list.limit.maximum}.`,
    required: false,
    examples: ['20'],
  },
  list.limit,
);

export const searchTextField = textField({
  key: 'text',
  label: 'Name',
  meaning: 'The name, or part of it, of the audio to find.',
  help: 'Best matches first: exact names, then names that start with it, then the rest.',
  required: true,
  maxLength: list.name.maxLength,
  examples: ['Summer Sale'],
});
