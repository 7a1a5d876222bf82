/** The core's operation catalog as n8n parameters, and the catalog's parsers as n8n reads parameters. */
import type { Field } from '@musique/core/portable';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

const TYPES: Record<Field['kind'], INodeProperties['type']> = {
  text: 'string',
  integer: 'number',
  time: 'dateTime',
  stores: 'string',
  audio: 'string',
  file: 'string',
  choice: 'options',
};

/**
 * One catalog field as an n8n parameter. `overrides` keep n8n's own conventions where they differ: the names
 * saved workflows already use (externalIds), a resource locator for audio, n8n's wording for Limit.
 */
export function fieldProperty(field: Field, overrides: Partial<INodeProperties> = {}): INodeProperties {
  const property: INodeProperties = {
    displayName: field.label,
    name: field.key,
    type: TYPES[field.kind],
    default: (field.default ?? '') as INodeProperties['default'],
    description: describe(field),
  };
  if (field.required) property.required = true;
  if (field.examples[0] && field.kind !== 'choice' && field.kind !== 'integer')
    property.placeholder = `e.g. ${field.examples[0]}`;
  if (field.kind === 'integer' && field.range) {
    property.typeOptions = { minValue: field.range.min, maxValue: field.range.max, numberPrecision: 0 };
    // n8n drops the keystroke that takes a number past its range without a word (typing 150 leaves 15): the
    // range is said where it is typed.
    property.hint = `A whole number from ${field.range.min} to ${field.range.max}`;
  }
  if (field.choices)
    property.options = field.choices.map((choice) => ({
      name: choice.label,
      value: choice.value,
      description: n8nSentence(choice.explanation),
    }));
  // An override of `undefined` removes what the catalog would have set.
  const merged = Object.entries({ ...property, ...overrides }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(merged) as unknown as INodeProperties;
}

/** n8n's lint: one sentence has no final period, several keep theirs. */
function n8nSentence(text: string): string {
  const sentences = text.trim().split(/(?<=\.)\s+/);
  return sentences.length === 1 ? text.trim().replace(/\.$/, '') : text.trim();
}

function describe(field: Field): string {
  return n8nSentence(`${field.meaning} ${field.help}`);
}

/**
 * A parameter read through its catalog field: the value the core takes, or undefined for a blank optional one.
 * A time without an offset is read in the workflow's time zone, not the server's.
 */
export function readField<T>(context: IExecuteFunctions, field: Field<T>, value: unknown): T | undefined {
  return field.parse(value, { timeZone: context.getTimezone() });
}
