import packageJson from '../package.json' with { type: 'json' };
import { parseApiKey } from './api-key.js';
import type { AudioFilterName } from './audio-filters.js';
import { ConnectionError, errorFromResponse, MusiqueError, ValidationError } from './errors.js';
import { Pacer, type RateLimitState } from './pacing.js';
import { remember } from './response-meta.js';
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from './retry.js';
import type { Runtime } from './runtime.js';
import { fetchTransport, type MultipartBody, type Transport, type TransportResponse } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.musique.app/api/v1/integration';
/** This package's version, read from its package.json (bundlers inline it). */
export const VERSION: string = packageJson.version;

export interface ClientOptions {
  /** `{companyPrefix}_{environment}_{hash}`; checked here, so a mangled key fails before any request. Only
   * `tokens.generate` (which takes a company token instead) works without one. */
  apiKey?: string;
  /** `https://api.musique.app/api/v1/integration` by default; a sandbox's `baseUrl` for testing. */
  baseUrl?: string;
  transport?: Transport;
  /** `false` leaves retrying to the platform (Zapier reschedules a throttled step itself). */
  retry?: false | Partial<RetryPolicy>;
  /** Per attempt; 30 s by default. */
  timeoutMs?: number;
  userAgent?: string;
  /** The only timer the client uses (see `Runtime`); tests move time with it. */
  sleep: Runtime['sleep'];
  /** The random source of idempotency keys (see `Runtime`). */
  randomUUID: Runtime['randomUUID'];
  now?: () => number;
  random?: () => number;
  /** Called before each retry's wait, to tell a user "retrying in N s". */
  onRetry?: (retry: { attempt: number; delayMs: number; error: MusiqueError }) => void;
  /** Called with the rate-limit state after every response, to observe it. */
  onRateLimit?: (state: RateLimitState) => void;
  /**
   * Another client's pacer (`client.pacer`), for clients of the same key that must share one rate-limit budget
   * (the workers of one bot, say); its clock and `onRateLimit` stay those of the client that made it.
   */
  pacer?: Pacer;
  /**
   * Called once per filter the API was seen to ignore (the list's `category` and `name` were never published):
   * the client then filters on its own, and a surface can say so.
   */
  onIgnoredFilter?: (filter: AudioFilterName) => void;
  /** Makes the idempotency key a POST gets when the caller gives none. */
  idempotencyKey?: () => string;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  multipart?: MultipartBody;
  /** Only for POSTs: the same key on every attempt makes a retry harmless. */
  idempotencyKey?: string;
  /** Requests that need no key (generating a token from a company token). */
  anonymous?: boolean;
}

/** The one place that sends requests: headers, pacing, retries, idempotency and typed errors. */
export class RequestSender {
  readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly retry: RetryPolicy;
  readonly pacer: Pacer;
  /**
   * Whether the server said it is a sandbox (`X-Musique-Sandbox: true`), as of the last response; `undefined`
   * before any. The live API never sends it, nor does a gateway that passes only the documented headers.
   */
  servedBySandbox: boolean | undefined;

  constructor(private readonly options: ClientOptions) {
    checkRuntime(options);
    if (options.apiKey !== undefined) parseApiKey(options.apiKey);
    this.baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.transport = options.transport ?? fetchTransport;
    // Without retries the client does not wait either: the platform (Zapier, say) reschedules on its own.
    this.retry =
      options.retry === false
        ? { ...DEFAULT_RETRY, maxAttempts: 1, maxElapsedMs: 0 }
        : { ...DEFAULT_RETRY, ...options.retry };
    this.pacer = options.pacer ?? new Pacer({ now: this.now, sleep: this.sleep }, options.onRateLimit);
  }

  get rateLimit(): RateLimitState | undefined {
    return this.pacer.current;
  }

  private readonly ignored = new Set<AudioFilterName>();

  /** Tells `onIgnoredFilter`, once per filter. */
  reportIgnoredFilters(filters: readonly AudioFilterName[]): void {
    for (const filter of filters) {
      if (this.ignored.has(filter)) continue;
      this.ignored.add(filter);
      this.options.onIgnoredFilter?.(filter);
    }
  }

  async request<T>(request: RequestOptions): Promise<T> {
    if (!request.anonymous && !this.options.apiKey) {
      throw new ValidationError({
        code: 'missing_field',
        param: 'apiKey',
        message: 'No API key: pass the key Musique gave you as `apiKey`.',
      });
    }
    const idempotencyKey =
      request.method === 'POST'
        ? (request.idempotencyKey ?? this.options.idempotencyKey?.() ?? `mc_${this.options.randomUUID()}`)
        : undefined;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent
        ? `${this.options.userAgent} musique-core/${VERSION}`
        : `musique-core/${VERSION}`,
      ...(request.anonymous || !this.options.apiKey ? {} : { 'x-api-key': this.options.apiKey.trim() }),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const body = request.multipart ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    const url = this.url(request.path, request.query);
    const started = this.now();

    for (let attempt = 1; ; attempt++) {
      try {
        await this.pacer.acquire(this.retry.maxElapsedMs - (this.now() - started));
        let response: TransportResponse;
        try {
          response = await this.transport({
            method: request.method,
            url,
            headers,
            ...(body === undefined ? {} : { body }),
            timeoutMs: this.options.timeoutMs ?? 30_000,
          });
          this.pacer.observe(response.headers);
          this.servedBySandbox = response.headers['x-musique-sandbox'] === 'true';
        } finally {
          this.pacer.settle();
        }
        if (response.status >= 400) throw errorFromResponse(response.status, response.headers, response.body);
        return remember(parseJson<T>(response.body, response.headers), response.status, response.headers);
      } catch (error) {
        if (!(error instanceof MusiqueError)) throw error;
        const delay = retryDelay(error, attempt, this.retry, {
          elapsedMs: this.now() - started,
          now: this.now(),
          random: this.options.random ?? Math.random,
          canRepeat: request.method !== 'POST' || idempotencyKey !== undefined,
        });
        if (delay === null) throw error;
        this.options.onRetry?.({ attempt, delayMs: delay, error });
        await this.sleep(delay);
      }
    }
  }

  private url(path: string, query: RequestOptions['query']): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') search.set(name, String(value));
    }
    const qs = search.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  private readonly now = () => (this.options.now ? this.options.now() : Date.now());
  private readonly sleep = (ms: number) => this.options.sleep(ms);
}

/**
 * The main entry takes no timer or random source from globals (n8n's bundle must name none), so one missing is
 * refused here, by name, rather than as "sleep is not a function" at the first retry.
 */
function checkRuntime(options: Partial<Runtime>): void {
  const missing = (['sleep', 'randomUUID'] as const).filter((name) => typeof options[name] !== 'function');
  if (missing.length === 0) return;
  throw new TypeError(
    `The client needs ${missing.map((name) => `\`${name}\``).join(' and ')} from its runtime: use MusiqueClient from @musique/core, which brings its runtime's own; to hand in your own, pass sleep (ms => Promise) and randomUUID (() => string), such as crypto.randomUUID.`,
  );
}

/** A typo in a base URL is caught here, with the fix, not as a confusing network error later. */
function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError({
      code: 'invalid_format',
      param: 'baseUrl',
      message: `The base URL "${baseUrl}" is not a web address starting with https:// or http://; use ${DEFAULT_BASE_URL}, or a sandbox's, such as http://127.0.0.1:4010/api/v1/integration.`,
    });
  }
  return url.href.replace(/\/+$/, '');
}

function parseJson<T>(body: string, headers: Record<string, string>): T {
  try {
    return JSON.parse(body) as T;
  } catch (cause) {
    throw new ConnectionError(
      `The API answered with something that is not JSON (request ${headers['x-request-id'] ?? 'unknown'}); is the base URL right?`,
      cause,
    );
  }
}
