/**
 * The core's catalog in Power Automate's words: a catalog field becomes a parameter (or a body property) with
 * `x-ms-summary` from its label and `description` from its meaning and help, and a result field annotates a
 * response property. Nothing here says what a field means: that text is the catalog's, so it changes with it.
 */
import type { Field, Operation, ResultField } from '@musique/core';
import type { Json } from './contract.js';

export type Visibility = 'important' | 'advanced' | 'internal';

/** A sentence the connector must add because it calls the API directly (see WHERE_IT_DIFFERS in the README). */
export interface FieldOptions {
  visibility: Visibility;
  note?: string;
  /** Leave the catalog's help out when it describes what only the core reads (store numbers, names, groups). */
  withoutHelp?: boolean;
}

export const sentence = (...parts: (string | undefined)[]) =>
  parts
    .filter((part): part is string => Boolean(part?.trim()))
    .map((part) => part.trim())
    .join(' ');

/** The value's type and limits, from the field's kind and range. */
function typeOf(field: Field): Json {
  switch (field.kind) {
    case 'integer':
      return {
        type: 'integer',
        format: 'int32',
        ...(field.range ? { minimum: field.range.min, maximum: field.range.max } : {}),
        ...(field.default === undefined ? {} : { default: field.default }),
      };
    case 'time':
      return { type: 'string', format: 'date-time' };
    case 'choice': {
      const choices = field.choices ?? [];
      return {
        type: 'string',
        enum: choices.map((choice) => choice.value),
        'x-ms-enum-values': choices.map((choice) => ({ value: choice.value, displayName: choice.label })),
        ...(field.default === undefined ? {} : { default: field.default }),
      };
    }
    default:
      return { type: 'string', ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }) };
  }
}

/** The catalog's first example, for the connector's Test page (a number where the field is one). */
function testValue(field: Field): Json {
  const [example] = field.examples;
  if (example === undefined || field.kind === 'file') return {};
  return { 'x-ms-test-value': field.kind === 'integer' ? Number(example) : example };
}

/** How a catalog field reads in the designer: summary, description, visibility, type. */
export function described(field: Field, options: FieldOptions): Json {
  const choices = field.choices?.map((choice) => `${choice.label}: ${choice.explanation}`).join(' ');
  return {
    ...typeOf(field),
    'x-ms-summary': field.label,
    description: sentence(field.meaning, options.withoutHelp ? undefined : field.help, choices, options.note),
    'x-ms-visibility': options.visibility,
    ...testValue(field),
  };
}

/** A query, path or header parameter from a catalog field. */
export function parameter(
  field: Field,
  location: { name?: string; in: 'query' | 'path' | 'header' },
  options: FieldOptions,
): Json {
  return {
    name: location.name ?? field.key,
    in: location.in,
    required: location.in === 'path' ? true : field.required,
    ...described(field, options),
  };
}

const titleCase = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (letter) => letter.toUpperCase());

/**
 * A response schema annotated for the designer's dynamic content: each property the catalog describes gets its
 * label and meaning; the rest keep the contract's description, and a summary made from their name.
 */
export function annotated(
  schema: Json,
  result: readonly ResultField[] = [],
  items?: readonly ResultField[],
): Json {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([key, property]) => {
        const known = result.find((field) => field.key === key);
        const inner: Json =
          property.type === 'array' && property.items
            ? { ...property, items: annotated(property.items as Json, items ?? []) }
            : property.type === 'object'
              ? annotated(property)
              : property;
        return [
          key,
          {
            ...inner,
            'x-ms-summary': known?.label ?? titleCase(key),
            description: known?.meaning ?? (property.description as string | undefined) ?? titleCase(key),
          },
        ];
      }),
    ),
  };
}

/** An operation's words: summary is the catalog's title, description its description plus the connector's note. */
export function operationWords(operation: Operation, note?: string): Json {
  return { summary: operation.title, description: sentence(operation.description, note) };
}
