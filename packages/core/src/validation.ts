import { isApiYear, outsideApiYears } from './api-years.js';
import { AUDIO_CONTENT_TYPES, detectAudioFormat } from './audio-format.js';
import { ValidationError } from './errors.js';
import { contractLimits, PriorityValues } from './generated/contract.js';
import type { UploadFile } from './transport.js';
import type { SendOptions } from './types.js';

const PRIORITIES: readonly string[] = PriorityValues;
const { externalIds: STORES, repeat: REPEAT, volume: VOLUME } = contractLimits.sendAudio;
/** The contract's upload limit in bytes (`x-max-bytes` on the upload's file). */
export const MAX_UPLOAD_BYTES: number = contractLimits.uploadAudio.file.maxBytes;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB`;

/** Refuses a file over the upload limit, in the words every surface shows, before a byte is sent. */
export function checkUploadSize(bytes: number, filename = 'The file'): void {
  if (bytes > MAX_UPLOAD_BYTES)
    throw fail(
      'file_too_large',
      'file',
      `${filename} is ${megabytes(bytes)}; Musique accepts at most ${megabytes(MAX_UPLOAD_BYTES)}. Upload a shorter or smaller file (a mono MP3 at 64 kbit/s holds 20 minutes in 10 MB).`,
    );
}

/**
 * Bytes a person or an assistant handed over (a chat attachment, base64), as a file to upload: named after the
 * format their first bytes show, refused when too large or not audio.
 */
export function audioFileFromBytes(bytes: Uint8Array, filename?: string): UploadFile {
  checkUploadSize(bytes.byteLength, filename ? `"${filename}"` : undefined);
  const format = detectAudioFormat(bytes.subarray(0, 16));
  const file: UploadFile = {
    filename: filename || `audio.${format ?? 'mp3'}`,
    contentType: format ? AUDIO_CONTENT_TYPES[format] : 'application/octet-stream',
    knownLength: bytes.byteLength,
    data: bytes,
  };
  checkAudioFile(file);
  return file;
}

const fail = (code: string, param: string, message: string) =>
  new ValidationError({ code, param, type: 'validation_error', message });

/** A misspelt option would otherwise be dropped without a word; name it and the ones that exist. */
export function rejectUnknownOptions(options: object, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw fail(
      'invalid_format',
      unknown[0] ?? '',
      `${what} has no option ${unknown.map((key) => `"${key}"`).join(', ')}; the options are ${allowed.join(', ')}.`,
    );
  }
}

// A NUL byte or a UTF-16 surrogate without its pair: text the API refuses and JSON cannot carry faithfully.
const unsafeText = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses, before any request, text values the API would refuse: a NUL byte or an unpaired surrogate. */
export function rejectUnsafeText(values: Record<string, unknown>): void {
  for (const [param, value] of Object.entries(values)) {
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((text) => typeof text === 'string' && unsafeText.test(text))) {
      throw fail(
        'invalid_format',
        param,
        `${param} contains a NUL byte or a broken unicode character; remove it (it often comes from a copy-paste).`,
      );
    }
  }
}

/** Refuses a file that is empty or, by its first bytes, not MP3, WAV, OGG or AAC, before any upload. */
export function checkAudioFile(file: UploadFile): void {
  if (!file || typeof file.filename !== 'string') {
    throw fail('missing_field', 'file', 'No file to upload: give `file` with a filename and its data.');
  }
  if (file.knownLength === 0 || file.data?.byteLength === 0) {
    throw fail('invalid_format', 'file', `${file.filename} is empty; choose the audio file itself.`);
  }
  const head = file.data ?? file.head;
  if (head && detectAudioFormat(head) === null) {
    throw fail(
      'invalid_format',
      'file',
      `${file.filename} is not audio: its content is not MP3, WAV, OGG or AAC, whatever its name says. Export the promo as MP3 and upload that.`,
    );
  }
}

/** Checks a send as the API would, with the API's codes, and returns the JSON body to post. */
export function validateSend(options: SendOptions): Record<string, unknown> {
  rejectUnknownOptions(options, ['externalIds', 'scheduleAt', 'priority', 'repeat', 'volume'], 'A send');
  rejectUnsafeText({ externalIds: options.externalIds, scheduleAt: options.scheduleAt });
  const externalIds = options.externalIds?.map((id) => String(id).trim()).filter(Boolean) ?? [];
  if (externalIds.length === 0) {
    throw fail(
      'missing_field',
      'externalIds',
      'Say which stores should play it: externalIds needs at least one external ID, such as store_042.',
    );
  }
  if (externalIds.length > STORES.maxItems) {
    throw fail(
      'out_of_range',
      'externalIds',
      `A send reaches at most ${STORES.maxItems.toLocaleString('en-US')} stores; this one names ${externalIds.length}. Split it.`,
    );
  }
  const body: Record<string, unknown> = { externalIds: [...new Set(externalIds)] };
  if (options.scheduleAt !== undefined && options.scheduleAt !== '') {
    const at = options.scheduleAt instanceof Date ? options.scheduleAt : new Date(options.scheduleAt);
    if (Number.isNaN(at.getTime())) {
      throw fail(
        'invalid_format',
        'scheduleAt',
        `scheduleAt "${String(options.scheduleAt)}" is not a date and time; use ISO 8601, such as 2030-06-01T09:00:00Z.`,
      );
    }
    if (!isApiYear(at.getUTCFullYear())) {
      throw fail('invalid_format', 'scheduleAt', `scheduleAt ${outsideApiYears(String(options.scheduleAt))}`);
    }
    body.scheduleAt = at.toISOString();
  }
  if (options.priority !== undefined) {
    if (!PRIORITIES.includes(options.priority)) {
      throw fail(
        'invalid_format',
        'priority',
        `priority "${options.priority}" is not one of ${PRIORITIES.join(', ')}.`,
      );
    }
    body.priority = options.priority;
  }
  if (options.repeat !== undefined)
    body.repeat = integerIn(options.repeat, 'repeat', REPEAT.minimum, REPEAT.maximum);
  if (options.volume !== undefined)
    body.volume = integerIn(options.volume, 'volume', VOLUME.minimum, VOLUME.maximum);
  return body;
}

function integerIn(value: number, param: string, min: number, max: number): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (!Number.isInteger(number))
    throw fail(
      'invalid_format',
      param,
      `${param} must be a whole number from ${min} to ${max}; got "${value}".`,
    );
  if (number < min || number > max)
    throw fail('out_of_range', param, `${param} must be from ${min} to ${max}; got ${number}.`);
  return number;
}
