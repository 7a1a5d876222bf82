import {
  type Field,
  fileField,
  nameField,
  priorityField,
  repeatField,
  searchTextField,
  storesField,
  ValidationError,
  volumeField,
} from '@musique/core';

/**
 * The core's operation catalog in the bot's words: the help text, the choices and ranges a chat message may
 * name, the file rule. The catalog says what a field means; this module only words it for a chat.
 */

export const FILE_RULE = fileField.help;

// The stores box's placeholder lives with the card that shows it; send/ reads it from here.
export { STORES_PLACEHOLDER } from '../cards/card-words.js';

const range = (field: Field) => (field.range ? `${field.range.min} to ${field.range.max}` : '');

export const HELP_TEXT = [
  'I play audio on your store players. Try:',
  '- **send promo to store 42**: the newest promo, now',
  "- **send 'Summer Sale' to stores 12, 42 and 47**: by name (I ask before sending to several stores)",
  '- **send promo to all stores**',
  '- **play summer sale at store 42 tomorrow 9:00 urgent**: scheduled, with a priority',
  `- **send promo to store 42 repeat 2 volume 80**: ${repeatField.meaning.replace(/\.$/, '').toLowerCase()} (${range(repeatField)}), and how loud in percent (${range(volumeField)})`,
  '- **list promos**: each with a send button',
  `- **upload this as Summer Sale**: with an audio file attached, in a personal chat (${FILE_RULE})`,
  '- **status**: is Musique reachable, what may my key do',
  '- **cancel**: drop sends waiting for your confirmation',
  '',
  `**${storesField.label}**: ${storesField.help}`,
  // The chat refuses a time already past today ("today 9:00" at 10:00 is a slip), where forms play it now.
  '**When**: now, unless you name a time: "tomorrow 9:00", "friday 17:30", "2026-12-01 09:00", read in your time zone.',
  `**${priorityField.label}**: ${(priorityField.choices ?? []).map((choice) => `${choice.value} (${choice.explanation.replace(/\.$/, '').toLowerCase()})`).join(', ')}.`,
].join('\n');

/** A name typed in a message, checked by the catalog's field before any request; the problem in words, if any. */
function typedTextProblem(field: Field<string>, text: string): string | undefined {
  try {
    field.parse(text);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}

/** The name of the audio to send: the API's name filter bounds it. */
export const audioNameProblem = (name: string) => typedTextProblem(searchTextField, name);

/** The name to upload under. */
export const uploadNameProblem = (name: string) => typedTextProblem(nameField, name);

const REPEAT = /(?:^|\s)(?:repeat(?:ed)?\s+(\S+?)(?:\s*(?:x|times))?|(\S+?)\s*(?:x|times))(?=\s|$)/i;
const VOLUME = /(?:^|\s)(?:(?:at|with)\s+)?(?:volume\s+(\S+?)\s*%?|(\S+?)\s*%\s*volume)(?=\s|$)/i;

export type PlaybackWords = { repeat?: number; volume?: number; rest: string } | { problem: string };

/** Takes "repeat 2" / "2 times" and "volume 80" / "80% volume" out of a message, checked by the catalog. */
export function takePlaybackWords(text: string): PlaybackWords {
  let rest = text;
  const take = (pattern: RegExp, field: typeof repeatField | typeof volumeField) => {
    const match = pattern.exec(rest);
    if (!match) return undefined;
    rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
    return field.parse(match[1] ?? match[2]);
  };
  try {
    const repeat = take(REPEAT, repeatField);
    const volume = take(VOLUME, volumeField);
    return {
      rest,
      ...(repeat === undefined ? {} : { repeat }),
      ...(volume === undefined ? {} : { volume }),
    };
  } catch (error) {
    if (error instanceof ValidationError) return { problem: error.message };
    throw error;
  }
}
