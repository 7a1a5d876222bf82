import { type INodeType, type INodeTypeDescription, NodeConnectionTypes } from 'n8n-workflow';
import { categoryFilter } from '../Musique/actions/common.descriptions';
import { EVENTS, POLLED, SUBTITLE, WEBHOOK_PATH } from './events';
import { pollNewAudio } from './poll';
import { receiveEvent, webhookMethods } from './webhook';

/**
 * The Musique app's one trigger (n8n groups `<app>Trigger` with the app): New Audio polls, which the Musique
 * API supports; the other events arrive by webhook, which only a Musique sandbox sends.
 */
export class MusiqueTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Musique Trigger',
    name: 'musiqueTrigger',
    icon: { light: 'file:../Musique/musique.svg', dark: 'file:../Musique/musique.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: SUBTITLE,
    description:
      'Starts the workflow when new audio appears in Musique, or when a Musique sandbox reports an event',
    defaults: { name: 'Musique Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'musiqueApi', required: true }],
    webhooks: [
      {
        name: 'default',
        httpMethod: 'POST',
        responseMode: 'onReceived',
        path: WEBHOOK_PATH,
        ndvHideUrl: `={{ $parameter["event"] === "${POLLED}" }}`,
      },
    ],
    // What the listening panel says while it waits for a test event (n8n's own default names a "Musique Webhook").
    eventTriggerDescription:
      'Waiting for your Musique sandbox to report the event: upload or send audio there',
    activationMessage: 'Your workflow now starts on every Musique event you chose.',
    properties: [
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        default: POLLED,
        options: EVENTS,
      },
      {
        displayName:
          'Only a Musique sandbox sends this event: against the Musique API, activating the workflow fails. To start on new audio there, choose New Audio.',
        name: 'sandboxOnly',
        type: 'notice',
        default: '',
        displayOptions: { hide: { event: [POLLED] } },
      },
      {
        displayName: 'Filters',
        name: 'filters',
        type: 'collection',
        placeholder: 'Add Filter',
        default: {},
        displayOptions: { show: { event: [POLLED] } },
        options: [categoryFilter],
      },
    ],
  };

  poll = pollNewAudio;

  webhookMethods = webhookMethods;

  webhook = receiveEvent;
}
