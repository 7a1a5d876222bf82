import type { RequestSender } from '../request.js';
import type { Webhook, WebhookEventType, WebhookWithSecret } from '../types.js';
import type { PostOptions } from './audio.js';

/** Event subscriptions (a sandbox extension; the Partner API documents none yet). */
export class WebhooksResource {
  constructor(private readonly sender: RequestSender) {}

  list(): Promise<{ data: Webhook[] }> {
    return this.sender.request({ method: 'GET', path: '/webhooks' });
  }

  /** The answer carries the signing secret, shown only this once. */
  create(
    params: { url: string; events: WebhookEventType[] },
    options: PostOptions = {},
  ): Promise<WebhookWithSecret> {
    return this.sender.request({ method: 'POST', path: '/webhooks', body: params, ...options });
  }

  delete(webhookId: string): Promise<{ deleted: boolean; webhookId: string }> {
    return this.sender.request({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(webhookId)}` });
  }
}
