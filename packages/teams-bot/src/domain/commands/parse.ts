import { type Priority, splitStoreList } from '@musique/core';
import { extractWallTime, ScheduleError, type WallTime } from '../schedule/wall-time.js';
import { audioNameProblem, takePlaybackWords, uploadNameProblem } from './chat-surface.js';

/** Which audio the user means: the newest of a category ("promo") or one by name. */
export type AudioChoice = { kind: 'latest'; category: string } | { kind: 'named'; name: string };

/** Which stores: every store, or the references as typed ("42", "store_012"). */
export type StoreChoice = { kind: 'all' } | { kind: 'some'; references: string[] };

export type Command =
  | {
      kind: 'send';
      audio: AudioChoice;
      stores: StoreChoice;
      when?: WallTime;
      priority?: Priority;
      repeat?: number;
      volume?: number;
    }
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
// "to store 42", "at stores 12, 42 and 47", "to all stores", "to every store", "to 42", "to store_042"
const STORE_REF = String.raw`(?:store[\s_-]*|#)?[\w-]+`;
const STORE_LIST = String.raw`${STORE_REF}(?:\s*(?:,|&|\band\b)\s*${STORE_REF})*`;
const TARGET = new RegExp(
  String.raw`(?:^|\s)(?:to|at|in|for|on)\s+(?:(all(?:\s+(?:the|our|my))?\s+(?:stores|shops|locations)|every\s+(?:store|shop|location)|everywhere|all)|(?:the\s+)?(?:stores?|shops?|locations?)\s+(${STORE_LIST})|((?:#?\d|[a-z]+[_-][\w-]*\d)[\w-]*(?:\s*(?:,|&|\band\b)\s*${STORE_REF})*))(?=\s|$)`,
  'i',
);
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
  let audioText: string;
  let afterAudio: string;
  if (quoted) {
    audioText = quoted[2]!;
    afterAudio = body.slice(quoted[0].length);
  } else {
    const target = TARGET.exec(body);
    if (!target) return unclearStores(body);
    audioText = body.slice(0, target.index);
    afterAudio = body.slice(target.index);
  }
  const target = TARGET.exec(afterAudio);
  if (!target) return unclearStores(audioText);
  if (!quoted && afterAudio.slice(0, target.index).trim()) return unclearStores(audioText);
  const stores: StoreChoice = target[1] ? { kind: 'all' } : parseStores((target[2] ?? target[3])!)!;
  let rest = afterAudio.slice(target.index + target[0].length);

  let priority: Priority | undefined;
  const priorityMatch = PRIORITY.exec(rest);
  if (priorityMatch) {
    priority = (priorityMatch[1] ?? priorityMatch[2])!.toLowerCase() as Priority;
    rest = `${rest.slice(0, priorityMatch.index)} ${rest.slice(priorityMatch.index + priorityMatch[0].length)}`;
  }
  const playback = takePlaybackWords(rest);
  if ('problem' in playback) return { kind: 'unclear', problem: playback.problem };
  rest = playback.rest;
  let when: WallTime | undefined;
  try {
    const extracted = extractWallTime(rest.replace(/^\s*(?:now|right now|immediately)\s*$/i, ''));
    when = extracted.when;
    rest = extracted.rest;
  } catch (error) {
    if (error instanceof ScheduleError) return { kind: 'unclear', problem: error.message };
    throw error;
  }
  const leftover = rest
    .replace(/\b(?:please|thanks|thank you|now)\b/gi, '')
    .replace(/[\s,.!]+/g, ' ')
    .trim();
  if (leftover) {
    return {
      kind: 'unclear',
      problem: `I did not understand "${leftover}". Try: send promo to store 42 tomorrow 9:00 urgent`,
    };
  }
  const audio = audioChoice(audioText);
  if (!audio)
    return {
      kind: 'unclear',
      problem: 'Which audio? Say "promo" for the newest promo, or its name in quotes.',
    };
  const nameProblem = audio.kind === 'named' ? audioNameProblem(audio.name) : undefined;
  if (nameProblem) return { kind: 'unclear', problem: nameProblem };
  return {
    kind: 'send',
    audio,
    stores,
    ...(when ? { when } : {}),
    ...(priority ? { priority } : {}),
    ...(playback.repeat === undefined ? {} : { repeat: playback.repeat }),
    ...(playback.volume === undefined ? {} : { volume: playback.volume }),
  };
}

/** A store list as typed in a card's input or after "to": "42, 47", "store 12 and store_042", "all". */
export function parseStores(text: string): StoreChoice | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (/^(?:all|all(?:\s+(?:the|our|my))?\s+stores|every\s+store|everywhere)$/i.test(trimmed))
    return { kind: 'all' };
  const references = splitStoreList(trimmed.replace(/\bstores?\s*(?=\d)/gi, ''));
  return references.length ? { kind: 'some', references } : undefined;
}

function audioChoice(text: string): AudioChoice | undefined {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name) return undefined;
  if (PROMO_WORDS.test(name)) return { kind: 'latest', category: PROMO_CATEGORY };
  const latest = LATEST_OF.exec(name);
  if (latest) return { kind: 'latest', category: categoryOf(latest[1]!) };
  return { kind: 'named', name: unquote(name) };
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
