import type { Pacer, RateLimitState } from './pacing.js';
import { type ClientOptions, RequestSender } from './request.js';
import { AudioResource } from './resources/audio.js';
import { SandboxResource } from './resources/sandbox.js';
import { SystemResource } from './resources/system.js';
import { TokensResource } from './resources/tokens.js';
import { WebhooksResource } from './resources/webhooks.js';
import type { Runtime } from './runtime.js';

/** What `new MusiqueClient` takes: `ClientOptions` whose runtime (sleep, randomUUID) defaults to the runtime's own. */
export type MusiqueClientOptions = Omit<ClientOptions, keyof Runtime> & Partial<Runtime>;

/**
 * The Musique Partner API with the runtime handed in (`@musique/core/portable`): it reads no files, environment
 * or globals and has no timer or random source of its own, so a platform that forbids them (n8n's verification)
 * gives it its transport, sleep and randomUUID. Everyone else writes `new MusiqueClient` from `@musique/core`,
 * which brings its runtime's own (Node's on Node, fetch and the globals elsewhere).
 */
export class PortableMusiqueClient {
  readonly audio: AudioResource;
  readonly system: SystemResource;
  readonly tokens: TokensResource;
  readonly webhooks: WebhooksResource;
  /** Only the local sandbox answers these. */
  readonly sandbox: SandboxResource;
  private readonly sender: RequestSender;

  constructor(options: ClientOptions) {
    this.sender = new RequestSender(options);
    this.audio = new AudioResource(this.sender);
    this.system = new SystemResource(this.sender);
    this.tokens = new TokensResource(this.sender);
    this.webhooks = new WebhooksResource(this.sender);
    this.sandbox = new SandboxResource(this.sender);
  }

  get baseUrl(): string {
    return this.sender.baseUrl;
  }

  /** Pass it as `pacer` to another client of the same key to share one rate-limit budget. */
  get pacer(): Pacer {
    return this.sender.pacer;
  }

  /** The tightest rate-limit window as the last response described it. */
  get rateLimit(): RateLimitState | undefined {
    return this.sender.rateLimit;
  }
}
