/**
 * Every error the client throws. One base class carries what support needs (status, code, request id); a
 * subclass per family lets callers branch with `instanceof` instead of parsing codes.
 */

import type { ErrorTypeValue } from './generated/contract.js';

/** The contract's error types, plus the client's own for a request that got no answer. */
export type ErrorType = ErrorTypeValue | 'connection_error';

export interface MusiqueErrorDetails {
  message: string;
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

/** Turns an error response into the matching typed error, with a message that says what to do. */
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
  const apiMessage = error.message ?? `The API answered HTTP ${status}.`;
  const details: MusiqueErrorDetails = {
    status,
    headers,
    message: withRequestId(`${apiMessage}${advice(status, error.code, error.param)}`, requestId),
    ...(error.code ? { code: error.code } : { code: defaultCode(status) }),
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

/** What the caller can do about it, where the API's own message may not say. */
function advice(status: number, code: string | undefined, param: string | undefined): string {
  if (status === 401) return ' Check the API key, or generate a new one if it was revoked or has expired.';
  if (status === 403 && param) return ` The API key needs the "${param}" permission.`;
  if (status >= 500) return ' This is on the API side; try again shortly.';
  if (code === undefined && status === 413) return ' Upload a smaller file.';
  return '';
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

function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (request ${requestId})` : message;
}

export function numberHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
