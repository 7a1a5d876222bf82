import { type MusiqueError, NotFoundError, ValidationError } from '../errors.js';
import type { Audio } from '../types.js';

/** Why a send was not planned; nothing was sent. */
export type SendRefusal = {
  kind: 'audio-not-found' | 'audio-ambiguous' | 'unknown-stores' | 'no-stores' | 'time-passed' | 'invalid';
  /** The core's sentence: what was wrong and what to do. Nothing was sent. */
  message: string;
  /** The input it is about: audio, stores, scheduleAt, priority, repeat, volume. */
  param: string;
  code: string;
  /** audio-ambiguous: the equally good matches, best first (at most 5). */
  candidates?: Pick<Audio, 'audioId' | 'name' | 'category' | 'createdAt' | 'duration'>[];
  /** unknown-stores: the references no store matches. */
  unknown?: string[];
};

export const refused = (refusal: SendRefusal) => ({ ok: false as const, refusal });

/**
 * A refusal as an error, for surfaces whose platform expects one thrown (Zapier, n8n, the CLI): an audio that is
 * not there is a NotFoundError (404), the rest ValidationErrors (400), each with the core's sentence.
 */
export function refusalError(refusal: SendRefusal): MusiqueError {
  const details = {
    code: refusal.code,
    param: refusal.param,
    message: refusal.message,
    ...(refusal.unknown ? { unknownExternalIds: refusal.unknown } : {}),
  };
  if (refusal.kind === 'audio-not-found')
    return new NotFoundError({ ...details, status: 404, type: 'not_found_error' });
  return new ValidationError({ ...details, type: 'validation_error' });
}
