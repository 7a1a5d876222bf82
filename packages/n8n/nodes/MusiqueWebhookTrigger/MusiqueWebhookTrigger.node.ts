import { NotFoundError, type WebhookEventType } from '@musique/core';
import { verifyWebhookSignature } from '@musique/core/webhooks';
import {
  type IDataObject,
  type IHookFunctions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
  NodeConnectionTypes,
} from 'n8n-workflow';
import { musiqueClient } from '../Musique/transport';
import { toNodeError } from '../Musique/transport/errors';

/** The subscription this node made, kept in the workflow's static data (the secret is shown only once). */
interface WebhookState {
  webhookId?: string;
  webhookSecret?: string;
}

export class MusiqueWebhookTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Musique Webhook Trigger',
    name: 'musiqueWebhookTrigger',
    icon: { light: 'file:../Musique/musique.svg', dark: 'file:../Musique/musique.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description:
      'Starts the workflow the moment Musique reports an event (audio uploaded or deleted, a send made or played)',
    defaults: { name: 'Musique Webhook Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'musiqueApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: ['audio.created'],
        options: [
          { name: 'Audio Created', value: 'audio.created', description: 'An audio file was uploaded' },
          { name: 'Audio Deleted', value: 'audio.deleted', description: 'An audio file was deleted' },
          { name: 'Send Created', value: 'send.created', description: 'Audio was sent to stores' },
          {
            name: 'Send Delivered',
            value: 'send.delivered',
            description: "A store's player received the audio",
          },
        ],
      },
    ],
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as WebhookState;
        const url = this.getNodeWebhookUrl('default');
        const client = await musiqueClient(this);
        try {
          const { data } = await client.webhooks.list();
          const ours = data.find((webhook) => webhook.webhookId === state.webhookId && webhook.url === url);
          if (ours && state.webhookSecret && sameEvents(ours.events, events(this))) return true;
          // Anything else at our URL is a leftover whose secret is lost (or whose events changed): replace it.
          for (const webhook of data.filter((candidate) => candidate.url === url)) {
            await client.webhooks.delete(webhook.webhookId);
          }
          delete state.webhookId;
          delete state.webhookSecret;
          return false;
        } catch (error) {
          throw toNodeError(this.getNode(), error);
        }
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData('node') as WebhookState;
        const url = this.getNodeWebhookUrl('default');
        if (!url) return false;
        const client = await musiqueClient(this);
        try {
          const webhook = await client.webhooks.create({ url, events: events(this) });
          state.webhookId = webhook.webhookId;
          state.webhookSecret = webhook.secret;
          return true;
        } catch (error) {
          throw toNodeError(this.getNode(), error);
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

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
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
    if (!events(this).includes(body.type as WebhookEventType)) return { webhookResponse: 'ignored' };
    return { workflowData: [this.helpers.returnJsonArray(body as IDataObject)] };
  }
}

function events(context: IHookFunctions | IWebhookFunctions): WebhookEventType[] {
  return context.getNodeParameter('events', []) as WebhookEventType[];
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((event) => b.includes(event));
}
