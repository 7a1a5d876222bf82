import { NotFoundError, type WebhookEventType } from '@musique/core/portable';
import { verifyWebhookSignature } from '@musique/core/webhooks';
import {
  type IDataObject,
  type IHookFunctions,
  type IWebhookFunctions,
  type IWebhookResponseData,
  NodeOperationError,
} from 'n8n-workflow';
import { musiqueClient } from '../Musique/transport';
import { toNodeError } from '../Musique/transport/errors';

/** The subscription this node made, kept in the workflow's static data (the secret is shown only once). */
interface WebhookState {
  webhookId?: string;
  webhookSecret?: string;
}

/** Where the Musique API has no webhooks (only a sandbox has them), activating says so and what to use instead. */
function noWebhooksHere(context: IHookFunctions, error: unknown): Error {
  if (!(error instanceof NotFoundError)) return toNodeError(context.getNode(), error);
  return new NodeOperationError(context.getNode(), 'This Musique has no webhooks', {
    description:
      'Only a Musique sandbox sends events by webhook. Against the Musique API, use the Musique Trigger, which checks for new audio on a schedule.',
  });
}

/**
 * Activation (or listening for a test event, with n8n's test URL) subscribes the node's URL with Musique;
 * deactivation (or the end of listening) unsubscribes.
 */
export const webhookMethods = {
  default: {
    async checkExists(this: IHookFunctions): Promise<boolean> {
      const state = this.getWorkflowStaticData('node') as WebhookState;
      const url = this.getNodeWebhookUrl('default');
      const client = await musiqueClient(this);
      try {
        const { data } = await client.webhooks.list();
        const ours = data.find((webhook) => webhook.webhookId === state.webhookId && webhook.url === url);
        if (ours && state.webhookSecret && sameEvents(ours.events, [event(this)])) return true;
        // Anything else at our URL is a leftover whose secret is lost (or whose events changed): replace it.
        for (const webhook of data.filter((candidate) => candidate.url === url)) {
          await client.webhooks.delete(webhook.webhookId);
        }
        delete state.webhookId;
        delete state.webhookSecret;
        return false;
      } catch (error) {
        throw noWebhooksHere(this, error);
      }
    },

    async create(this: IHookFunctions): Promise<boolean> {
      const state = this.getWorkflowStaticData('node') as WebhookState;
      const url = this.getNodeWebhookUrl('default');
      if (!url) return false;
      const client = await musiqueClient(this);
      try {
        const webhook = await client.webhooks.create({ url, events: [event(this) as WebhookEventType] });
        state.webhookId = webhook.webhookId;
        state.webhookSecret = webhook.secret;
        return true;
      } catch (error) {
        throw noWebhooksHere(this, error);
      }
    },

    async delete(this: IHookFunctions): Promise<boolean> {
      const state = this.getWorkflowStaticData('node') as WebhookState;
      if (state.webhookId) {
        const client = await musiqueClient(this);
        try {
          await client.webhooks.delete(state.webhookId);
        } catch (error) {
          // Already gone on Musique's side is the outcome we wanted.
          if (!(error instanceof NotFoundError)) throw toNodeError(this.getNode(), error);
        }
      }
      delete state.webhookId;
      delete state.webhookSecret;
      return true;
    },
  },
};

/** A delivery from Musique: checked against the subscription's secret, then one item for the event. */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
  const state = this.getWorkflowStaticData('node') as WebhookState;
  const request = this.getRequestObject();
  const body = this.getBodyData();
  const rawBody = (request as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? JSON.stringify(body);
  const header = this.getHeaderData()['musique-signature'];
  const signature = Array.isArray(header) ? header[0] : header;

  // Only Musique knows the secret: anything else posting to this URL is turned away unseen.
  if (!state.webhookSecret || !verifyWebhookSignature(state.webhookSecret, rawBody, signature)) {
    this.getResponseObject().status(401).json({ error: 'invalid signature' });
    return { noWebhookResponse: true };
  }
  if (body.type !== event(this)) return { webhookResponse: 'ignored' };
  return { workflowData: [this.helpers.returnJsonArray(body as IDataObject)] };
}

function event(context: IHookFunctions | IWebhookFunctions): string {
  return context.getNodeParameter('event') as string;
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
