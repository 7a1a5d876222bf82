/**
 * Every error the client throws. One base class carries what support needs (status, code, request id); a
 * subclass per family lets callers branch with `instanceof` instead of parsing codes.
 */

import { contractLimits, type ErrorTypeValue } from './generated/contract.js';

/** The contract's error types, plus the client's own for a request that got no answer. */
export type ErrorType = ErrorTypeValue | 'connection_error';

export interface MusiqueErrorDetails {
  message: string;
  /** What went wrong, in the user's words (the API's message without its REST advice); `message` by default. */
  detail?: string;
  /** What the user can do about it, in the user's words; a surface may phrase its own instead. */
  hint?: string;
  status?: number;
  code?: string;
  type?: ErrorType;
  requestId?: string;
  headers?: Record<string, string>;
  /** The field or permission the error is about. */
  param?: string;
  /** External IDs of a send that are not locations of this company. */
  unknownExternalIds?: string[];
  /** Seconds to wait before trying again (429 and some 503s). */
  retryAfter?: number;
  cause?: unknown;
}

export class MusiqueError extends Error {
  /** What went wrong, without advice or request id: for surfaces that word the advice their own way. */
  readonly detail: string;
  readonly hint: string | undefined;
  readonly status: number | undefined;
  readonly code: string;
  readonly type: ErrorType;
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly param: string | undefined;
  readonly unknownExternalIds: string[] | undefined;
  readonly retryAfter: number | undefined;

  constructor(details: MusiqueErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.detail = details.detail ?? details.message;
    this.hint = details.hint;
    this.status = details.status;
    this.code = details.code ?? 'internal_error';
    this.type = details.type ?? 'api_error';
    this.requestId = details.requestId;
    this.headers = details.headers ?? {};
    this.param = details.param;
    this.unknownExternalIds = details.unknownExternalIds;
    this.retryAfter = details.retryAfter;
  }
}

/** 401: the key is missing, malformed, revoked or expired. */
export class AuthenticationError extends MusiqueError {}
/** 403: the key lacks a permission; `param` names it. */
export class PermissionError extends MusiqueError {}
/** 404: no such audio (or it belongs to another company). */
export class NotFoundError extends MusiqueError {}
/** 400 or 413: the request itself is wrong; `param` names the field. */
export class ValidationError extends MusiqueError {}
/** 409: an idempotency key reused for another body, or audio still scheduled. */
export class ConflictError extends MusiqueError {}
/** 429: a rate limit or the daily quota is used up; `retryAfter` says for how long. */
export class RateLimitError extends MusiqueError {}
/** 5xx: the API failed; safe to retry later. */
export class ServerError extends MusiqueError {}
/** The request never got an answer (DNS, refused, reset). Transports throw it for network failures. */
export class ConnectionError extends MusiqueError {
  constructor(message: string, cause?: unknown) {
    super({ message, type: 'connection_error', code: 'connection_error', cause });
  }
}
/** No answer within the time limit. */
export class TimeoutError extends ConnectionError {}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    type?: ErrorType;
    requestId?: string;
    param?: string;
    retryAfter?: number;
    unknownExternalIds?: string[];
  };
}

/**
 * Turns an error response into the matching typed error. Its message reads as sentences a person can act on:
 * what went wrong, what to do, and the request id once, for support.
 */
export function errorFromResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): MusiqueError {
  let parsed: ErrorBody = {};
  try {
    parsed = JSON.parse(body) as ErrorBody;
  } catch {
    // A proxy's HTML page or an empty body: the status alone has to speak.
  }
  const error = parsed.error ?? {};
  const requestId = error.requestId ?? headers['x-request-id'];
  const retryAfter = error.retryAfter ?? numberHeader(headers['retry-after']);
  const code = error.code ?? defaultCode(status);
  const detail = withoutApiAdvice(error.message) || statusSentence(status);
  const hint = hintFor(status, code, error.param);
  const details: MusiqueErrorDetails = {
    status,
    headers,
    message: withRequestId([detail, hint].filter(Boolean).join(' '), requestId),
    detail,
    code,
    ...(hint ? { hint } : {}),
    ...(error.type ? { type: error.type } : {}),
    ...(requestId ? { requestId } : {}),
    ...(error.param ? { param: error.param } : {}),
    ...(error.unknownExternalIds ? { unknownExternalIds: error.unknownExternalIds } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
  if (status === 401) return new AuthenticationError({ type: 'authentication_error', ...details });
  if (status === 403) return new PermissionError({ type: 'permission_error', ...details });
  if (status === 404) return new NotFoundError({ type: 'not_found_error', ...details });
  if (status === 409) return new ConflictError({ type: 'conflict_error', ...details });
  if (status === 429) return new RateLimitError({ type: 'rate_limit_error', ...details });
  if (status >= 500) return new ServerError({ type: 'api_error', ...details });
  return new ValidationError({ type: 'validation_error', ...details });
}

/**
 * The API's message without the sentences written for a developer ("Check the id with GET /audio", "Send your
 * key in X-API-Key"): the hint says what to do in the user's words instead.
 */
function withoutApiAdvice(message: string | undefined): string {
  const sentences = (message ?? '').trim().split(/(?<=[.!?])\s+/);
  const forDevelopers = /\b(GET|POST|PUT|PATCH|DELETE) \/|\bX-[A-Za-z]+(-[A-Za-z]+)*\b|\bIdempotency-Key\b/;
  return sentences.filter((sentence) => sentence && !forDevelopers.test(sentence)).join(' ');
}

function statusSentence(status: number): string {
  if (status === 401) return 'Musique did not accept the API key.';
  if (status === 403) return 'The API key may not do this.';
  if (status === 404) return 'Musique has no such thing for this company.';
  if (status === 429) return 'Too many requests for this API key.';
  if (status >= 500) return `Musique failed to answer (HTTP ${status}).`;
  return `Musique refused the request (HTTP ${status}).`;
}

/** What the caller can do about it, in words that name no endpoint or header. */
function hintFor(status: number, code: string, param: string | undefined): string | undefined {
  if (status === 401)
    return 'Check the API key, or ask Musique for a new one if it was revoked or has expired.';
  if (status === 403)
    return param
      ? `Ask Musique for an API key with the "${param}" permission.`
      : 'Ask Musique for an API key that may do this.';
  if (status === 404 && code === 'not_found') return 'Check the ID; what it named may have been deleted.';
  if (status >= 500) return "This is on Musique's side; try again shortly.";
  if (status === 413)
    return `Upload a smaller file, at most ${contractLimits.uploadAudio.file.maxBytes / 1024 ** 2} MB.`;
  return undefined;
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    401: 'invalid_token',
    403: 'insufficient_scope',
    404: 'not_found',
    409: 'conflict',
    413: 'file_too_large',
    429: 'rate_limit_exceeded',
    503: 'service_unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'invalid_format');
}

/** The request id once, at the end, for support. */
function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (request ${requestId})` : message;
}

export function numberHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
