import {
  AuthenticationError,
  DEFAULT_BASE_URL,
  MusiqueError,
  PermissionError,
  parseStoreGroups,
  RateLimitError,
  type StoreGroups,
  ValidationError,
} from '@musique/core';
import { MusiqueClient } from '@musique/core/node';
import type { Bundle, ZObject } from 'zapier-platform-core';
import packageJson from '../package.json';
import { zapierTransport } from './transport.js';

const USER_AGENT = `musique-zapier/${packageJson.version}`;

/** The base URL a connection uses: production unless the advanced field names another (the core checks it). */
export function apiBaseUrl(authData: Bundle['authData']): string {
  return authData.baseUrl?.trim().replace(/\/+$/, '') || DEFAULT_BASE_URL;
}

/**
 * The connection's named store groups ("paris = store_001-store_010; north = store_011-store_020"), for the
 * core's send plan; a malformed list is refused by name rather than half read.
 */
export function storeGroupsOf(bundle: Bundle): { groups?: StoreGroups } {
  const text = bundle.authData.storeGroups?.trim();
  if (!text) return {};
  try {
    return { groups: parseStoreGroups(text) };
  } catch (error) {
    throw new ValidationError({
      code: 'invalid_format',
      param: 'storeGroups',
      type: 'validation_error',
      message: `The Store Groups of this Musique connection cannot be read: ${(error as Error).message} Fix them by reconnecting the account.`,
    });
  }
}

/** A client for this connection whose every request goes through z.request. */
export function musiqueClient(z: ZObject, bundle: Bundle): MusiqueClient {
  return new MusiqueClient({
    apiKey: bundle.authData.apiKey ?? '',
    baseUrl: apiBaseUrl(bundle.authData),
    transport: zapierTransport(z),
    // A few quick retries inside the run. A longer wait (a spent rate-limit window) is refused by the core
    // as a RateLimitError, which becomes a ThrottledError: Zapier reschedules the step rather than sit idle.
    retry: { maxAttempts: 3, maxElapsedMs: 10_000 },
    timeoutMs: 25_000,
    userAgent: USER_AGENT,
    // The list's filters were never published: the core checks the results, and the zap's log says so.
    onIgnoredFilter: (filter) =>
      z.console.log(
        `The Musique API ignored the ${filter} filter; the results were filtered in the app instead.`,
      ),
  });
}

/** Runs `work` with this connection's client; the core's errors reach the user as Zapier errors. */
export async function withMusique<T>(
  z: ZObject,
  bundle: Bundle,
  work: (client: MusiqueClient) => Promise<T>,
): Promise<T> {
  try {
    return await work(musiqueClient(z, bundle));
  } catch (error) {
    throw toZapierError(z, error);
  }
}

/**
 * The one place the core's errors become Zapier's: 401 asks to reconnect, 403 names the missing permission,
 * 429 (the core's RateLimitError, after its own retries) reschedules the step with the API's delay; the rest
 * keep the API's words and code, and a refusal made before any request counts as the 400 it saves.
 */
export function toZapierError(z: ZObject, error: unknown): unknown {
  if (!(error instanceof MusiqueError)) return error;
  const requestId = error.requestId ? ` (request ${error.requestId})` : '';
  if (error instanceof AuthenticationError) {
    const reason = error.code === 'expired_token' ? 'has expired' : 'is not valid or has been revoked';
    return new z.errors.ExpiredAuthError(
      `Musique did not accept the API key of this connection: it ${reason}. Reconnect your Musique account in Zapier with a current API key${requestId}.`,
    );
  }
  if (error instanceof PermissionError) {
    const permission = error.param ? `the "${error.param}" permission` : 'a permission this step needs';
    return new z.errors.Error(
      `The API key of this Musique connection lacks ${permission}. Ask Musique for a key that has it, then reconnect your account in Zapier${requestId}.`,
      error.code,
      error.status ?? 403,
    );
  }
  if (error instanceof RateLimitError)
    return new z.errors.ThrottledError(error.message, error.retryAfter ?? 60);
  return new z.errors.Error(
    error.message,
    error.code,
    error.status ?? (error instanceof ValidationError ? 400 : undefined),
  );
}
