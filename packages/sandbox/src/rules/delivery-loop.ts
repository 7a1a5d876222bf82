import type { SandboxContext } from './context.js';
import { deliverDueSends } from './send-requests.js';
import { deliverDueWebhooks, type WebhookRetry } from './webhook-events.js';

/**
 * The sandbox's messaging: one loop that delivers scheduled sends when they become due and posts webhook
 * events, waking early when there is work and reporting its heartbeat to the health check.
 */
export class DeliveryLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastBeat = 0;
  private lastCleanup = 0;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly retry: WebhookRetry,
    private readonly intervalMs: number,
  ) {}

  /** The first run delivers whatever became due while the sandbox was stopped. */
  async start(): Promise<void> {
    await this.run();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  alive(): boolean {
    return (
      !this.stopped && (this.running !== null || Date.now() - this.lastBeat < this.intervalMs * 3 + 1000)
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await deliverDueSends(this.ctx);
          await deliverDueWebhooks(this.ctx, this.retry);
          await this.forgetOldRateWindows();
          await this.ctx.db.refreshStatistics();
        } catch (error) {
          if (!this.stopped) console.error('[musique-sandbox] delivery loop:', error);
        }
      } while (this.again && !this.stopped);
      this.lastBeat = Date.now();
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    if (!this.stopped) this.schedule(await this.nextDelay());
  }

  /** Rate-limit counters older than two days can never matter again. */
  private async forgetOldRateWindows(): Promise<void> {
    const now = this.ctx.clock().getTime();
    if (now - this.lastCleanup < 3600_000) return;
    this.lastCleanup = now;
    await this.ctx.db.rateCounts.forgetWindowsBefore(new Date(now - 2 * 86_400_000));
  }

  private async nextDelay(): Promise<number> {
    const next = await this.ctx.db.webhooks.nextAttemptAt().catch(() => null);
    if (!next) return this.intervalMs;
    return Math.max(0, Math.min(this.intervalMs, next.getTime() - this.ctx.clock().getTime()));
  }
}
