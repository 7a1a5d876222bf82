import { extractSpokenTime, type SendIntent, type SpokenTime, ValidationError } from '@musique/core';
import { audioNameProblem, takePlaybackWords, uploadNameProblem } from './chat-surface.js';

/**
 * What a message asks for. A send is the core's `SendIntent` as it was said: the audio by name (or the newest
 * promo), the stores as typed ("42", "12-20", "the Paris stores", "all"), the time as a spoken time; the core's
 * plan decides what they mean.
 */
export type Command =
  | { kind: 'send'; intent: SendIntent & { at?: SpokenTime } }
  | { kind: 'list'; category?: string }
  | { kind: 'upload'; name?: string }
  | { kind: 'status' }
  | { kind: 'help' }
  | { kind: 'cancel' }
  /** Understood as a command, but something is missing or wrong; `problem` says what. */
  | { kind: 'unclear'; problem: string }
  | { kind: 'unknown'; text: string };

export const PROMO_CATEGORY = 'promotion';

const SEND_VERB = /^(?:please\s+)?(?:send|play|broadcast|push|run)\s+/i;
// What starts a list of stores: "all", "every store", "stores 12", "the Paris stores", "#42", "42", "store_042".
const STORES_START = String.raw`(?:all|every|everywhere)\b|(?:the\s+)?(?:stores?|shops?|locations?|regions?|groups?)\b|the\s+[\w-]+\s+(?:stores|shops|locations)\b|#|\d|[a-z]+[_-][\w-]*\d`;
// "to store 42", "at stores 12, 42 and 47", "in the Paris stores"; any "to" when nothing looks like stores.
const TARGET = new RegExp(String.raw`(?:^|\s)(?:to|at|in|for|on)\s+(?=${STORES_START})`, 'i');
const LAST_TO = /\sto\s+(?!.*\sto\s)/i;
const EVERY_STORE =
  /^(?:all|all(?:\s+(?:the|our|my))?\s+(?:stores|shops|locations)|every\s+(?:store|shop|location)|everywhere)$/i;
const PRIORITY =
  /(?:^|\s)(?:(?:with|at)\s+)?(?:priority\s+(low|normal|high|urgent)|(low|normal|high|urgent)(?:ly)?(?:\s+priority)?)(?=\s|$)/i;
const PROMO_WORDS =
  /^(?:the\s+)?(?:(?:latest|newest|last|new|current)\s+)?(?:promo|promotion|promo\s+audio)$/i;
const LATEST_OF = /^(?:the\s+)?(?:latest|newest|last)\s+(\w+?)s?$/i;
// Tab, new line and carriage return are ordinary in a chat message.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const QUOTED = /^\s*(["'“”‘’`])(.+?)(["'“”‘’`])/;

/**
 * Turns what the user typed (mention already removed) into a command. Case and extra words are forgiven;
 * names keep the case the user typed.
 */
export function parseCommand(input: string): Command {
  // A control character (a NUL from a copy-paste) is never meant: say so rather than echo it or send it on.
  if (CONTROL_CHARACTER.test(input))
    return {
      kind: 'unclear',
      problem:
        'Your message contains an invisible control character (often from a copy-paste); type it again.',
    };
  const text = stripMentions(input).replace(/[.!?]+$/, '');
  const lower = text.toLowerCase();
  if (lower === '' || /^(?:help|\?|commands|what can you do)$/.test(lower)) return { kind: 'help' };
  if (/^(?:status|health|are you (?:ok|there))$/.test(lower)) return { kind: 'status' };
  if (/^(?:cancel|stop|never ?mind|abort)$/.test(lower)) return { kind: 'cancel' };
  const list =
    /^(?:list|show)(?:\s+(?:me|all|the|my|our))*(?:\s+(promos?|promotions?|announcements?|audios?|files|tracks|sounds))?$/.exec(
      lower,
    );
  if (list) return { kind: 'list', ...listCategory(list[1]) };
  const upload =
    /^(?:upload|save|add)(?:\s+(?:this|it|the file|that))?(?:\s+(?:as|named|called)\s+(.+))?$/i.exec(text);
  if (upload) {
    const name = upload[1] ? unquote(upload[1]) : undefined;
    const problem = name === undefined ? undefined : uploadNameProblem(name);
    if (problem) return { kind: 'unclear', problem };
    return { kind: 'upload', ...(name === undefined ? {} : { name }) };
  }
  if (SEND_VERB.test(text)) return parseSend(text.replace(SEND_VERB, ''));
  return { kind: 'unknown', text };
}

function parseSend(body: string): Command {
  // A quoted name may contain "to" or "at"; take it first.
  const quoted = QUOTED.exec(body);
  const split = quoted ? undefined : (TARGET.exec(body) ?? LAST_TO.exec(body));
  if (!quoted && !split) return unclearStores(body);
  const audioText = quoted ? quoted[2]! : body.slice(0, split!.index);
  const afterAudio = quoted ? body.slice(quoted[0].length) : body.slice(split!.index);
  const target = TARGET.exec(afterAudio) ?? /(?:^|\s)to\s+/i.exec(afterAudio);
  if (!target || afterAudio.slice(0, target.index).trim()) return unclearStores(audioText);
  let rest = afterAudio.slice(target.index + target[0].length);

  let priority: string | undefined;
  const priorityMatch = PRIORITY.exec(rest);
  if (priorityMatch) {
    priority = (priorityMatch[1] ?? priorityMatch[2])!.toLowerCase();
    rest = `${rest.slice(0, priorityMatch.index)} ${rest.slice(priorityMatch.index + priorityMatch[0].length)}`;
  }
  const playback = takePlaybackWords(rest);
  rest = playback.rest;
  let at: SpokenTime | undefined;
  try {
    const extracted = extractSpokenTime(rest);
    at = extracted.when;
    rest = extracted.rest;
  } catch (error) {
    if (error instanceof ValidationError) return { kind: 'unclear', problem: error.message };
    throw error;
  }
  const stores = storesAsSaid(
    rest.replace(/\b(?:please|thanks|thank you|right now|immediately|now)\b/gi, ''),
  );
  if (!stores) return unclearStores(audioText);
  const audio = audioOf(audioText);
  if (!audio)
    return {
      kind: 'unclear',
      problem: 'Which audio? Say "promo" for the newest promo, or its name in quotes.',
    };
  const nameProblem = typeof audio === 'string' ? audioNameProblem(audio) : undefined;
  if (nameProblem) return { kind: 'unclear', problem: nameProblem };
  return {
    kind: 'send',
    intent: {
      audio,
      stores,
      ...(at ? { at } : {}),
      ...(priority ? { priority } : {}),
      ...(playback.repeat === undefined ? {} : { repeat: playback.repeat }),
      ...(playback.volume === undefined ? {} : { volume: playback.volume }),
    },
  };
}

/**
 * Stores as typed after "to" or in a card's box, for the core to resolve: "42, 47", "12-20", "the Paris stores";
 * the chat's wordings of every store ("all our stores", "everywhere") become "all". Undefined when empty.
 */
export function storesAsSaid(text: string): string | undefined {
  const said = text
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.!]+|[\s,.!]+$/g, '')
    .trim();
  if (!said) return undefined;
  return EVERY_STORE.test(said) ? 'all' : said;
}

/** "promo" is the newest audio of the promotion category; "the latest jingle" the newest of that one. */
function audioOf(text: string): SendIntent['audio'] | undefined {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name) return undefined;
  if (PROMO_WORDS.test(name)) return { latest: { category: PROMO_CATEGORY } };
  const latest = LATEST_OF.exec(name);
  if (latest) return { latest: { category: categoryOf(latest[1]!) } };
  return unquote(name);
}

function listCategory(word: string | undefined): { category?: string } {
  if (!word || /^(?:audios?|files|tracks|sounds)$/.test(word)) return {};
  return { category: categoryOf(word) };
}

function categoryOf(word: string): string {
  const singular = word.toLowerCase().replace(/s$/, '');
  return singular === 'promo' ? PROMO_CATEGORY : singular;
}

function unclearStores(audioText: string): Command {
  const audio = audioText.trim() || 'promo';
  return {
    kind: 'unclear',
    problem: `Which stores? Try: send ${audio} to store 42, to stores 12, 42 and 47, or to all stores.`,
  };
}

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^["'“”‘’`](.*)["'“”‘’`]$/, '$1')
    .trim();
}

/** Teams keeps `<at>Bot</at>` in the text when the mention was not the recipient's; drop any left. */
export function stripMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
