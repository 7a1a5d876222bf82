import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  MusiqueError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '@musique/core';

/** Exit codes scripts can rely on. Documented in the README; never renumber. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  rateLimited: 6,
  unavailable: 7,
  declined: 8,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ValidationError) return ExitCode.usage;
  if (error instanceof AuthenticationError || error instanceof PermissionError) return ExitCode.auth;
  if (error instanceof NotFoundError) return ExitCode.notFound;
  if (error instanceof ConflictError) return ExitCode.conflict;
  if (error instanceof RateLimitError) return ExitCode.rateLimited;
  if (error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError) {
    return ExitCode.unavailable;
  }
  if (error instanceof DeclinedError) return ExitCode.declined;
  return ExitCode.failed;
}

/** The command line itself is wrong: a missing argument, an unknown flag. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The user answered no (or could not be asked) before a broadcast. */
export class DeclinedError extends Error {
  override name = 'DeclinedError';
}

export function describeError(error: unknown): string {
  if (error instanceof MusiqueError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
