import { createHmac } from 'node:crypto';
import type { SandboxContext } from './context.js';

export interface WebhookRetry {
  /** First retry after this long; each further retry waits twice as long. */
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export const defaultWebhookRetry: WebhookRetry = { baseDelayMs: 1000, maxAttempts: 8, timeoutMs: 5000 };

/** `Musique-Signature: t=<unix>,v1=<hex hmac-sha256(secret, t + "." + body)>`, as the contract documents. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${signature}`;
}

/** POSTs every due delivery; a non-2xx answer or a network error schedules a retry with exponential backoff. */
export async function deliverDueWebhooks(ctx: SandboxContext, retry: WebhookRetry): Promise<void> {
  const now = ctx.clock();
  const due = await ctx.db.webhooks.dueDeliveries(now, 50);
  await Promise.all(
    due.map(async (delivery) => {
      if (ctx.checkResponses) {
        const drift = ctx.contract.webhookEventDrift(JSON.parse(delivery.body));
        if (drift) console.error(`[musique-sandbox] webhook event drifted from the contract: ${drift}`);
      }
      let failure: string | null = null;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'musique-sandbox-webhooks',
            'musique-signature': signWebhook(delivery.secret, delivery.body, Math.floor(Date.now() / 1000)),
          },
          body: delivery.body,
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (!response.ok) failure = `HTTP ${response.status}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (failure === null) {
        await ctx.db.webhooks.markDelivered(delivery.id, ctx.clock());
        return;
      }
      const attempts = delivery.attempts + 1;
      const nextAttemptAt =
        attempts >= retry.maxAttempts
          ? null
          : new Date(ctx.clock().getTime() + retry.baseDelayMs * 2 ** (attempts - 1));
      await ctx.db.webhooks.markAttemptFailed(delivery.id, failure, nextAttemptAt);
    }),
  );
}
