import { type Field, type FieldValue, ValidationError } from '@musique/core';
import { UsageError } from './exit-codes.js';

/**
 * The CLI's shape of the core's operation catalog: each field becomes a `--flag` with the CLI's name, its
 * usage (choices or range from the catalog), its help line, and the catalog's own parser, so the CLI words and
 * checks priority, times, repeat and volume exactly as Zapier, n8n, the bot and the MCP server do.
 */
export interface CatalogFlag<F extends Field = Field> {
  flag: string;
  field: F;
}

export const flagOf = <F extends Field>(flag: string, field: F): CatalogFlag<F> => ({ flag, field });

/** The flags' values, typed by the catalog's fields: `{ priority?: Priority; repeat?: number; … }`. */
export type FlagValues<F extends Field> = { [K in F as K['key']]?: FieldValue<K> };

/** `node:util` parseArgs options: every catalog flag takes a string, which the field's parser reads. */
export function flagOptions(flags: readonly CatalogFlag[]) {
  return Object.fromEntries(flags.map(({ flag }) => [flag, { type: 'string' as const }]));
}

/** `[--priority low|normal|high|urgent] [--repeat 1-10] [--at <time>]`, from the catalog. */
export function flagUsage(flags: readonly CatalogFlag[]): string {
  return flags.map(({ flag, field }) => `[--${flag} ${placeholder(field)}]`).join(' ');
}

/** One line per flag for `--help`: the catalog's help, and each choice with what it does. */
export function flagHelp(flags: readonly CatalogFlag[]): string {
  const width = Math.max(...flags.map(({ flag }) => flag.length)) + 4;
  return flags
    .map(({ flag, field }) => {
      const choices = (field.choices ?? []).map(
        (choice) => `\n${' '.repeat(width + 4)}${choice.value.padEnd(8)} ${choice.explanation}`,
      );
      return `  --${flag.padEnd(width)}${field.help}${choices.join('')}`;
    })
    .join('\n');
}

/**
 * The flags' values as the core takes them, read by the catalog's parsers (times in `timeZone` when they carry
 * no offset). A refusal names the flag, and nothing has been sent.
 */
export function readFlags<C extends CatalogFlag>(
  flags: readonly C[],
  values: Record<string, string | boolean | undefined>,
  timeZone: string,
): FlagValues<C['field']> {
  const read: Record<string, unknown> = {};
  for (const { flag, field } of flags) {
    try {
      const value = field.parse(values[flag], { timeZone });
      if (value !== undefined) read[field.key] = value;
    } catch (error) {
      if (error instanceof ValidationError) throw new UsageError(`--${flag}: ${error.message}`);
      throw error;
    }
  }
  return read as FlagValues<C['field']>;
}

/** The machine's zone (TZ when set), where a time without an offset is read. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function placeholder(field: Field): string {
  if (field.choices) return field.choices.map((choice) => choice.value).join('|');
  if (field.range) return `${field.range.min}-${field.range.max}`;
  return `<${field.kind === 'time' ? 'time' : field.label.toLowerCase()}>`;
}
