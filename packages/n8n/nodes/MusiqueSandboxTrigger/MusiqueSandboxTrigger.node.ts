import { type INodeType, type INodeTypeDescription, NodeConnectionTypes } from 'n8n-workflow';
import { EVENTS, SUBTITLE } from './events';
import { receiveEvent, webhookMethods } from './webhook';

/**
 * The events a Musique sandbox reports by webhook, for developers who try workflows against one. The Musique
 * API has no webhooks, so this is a node of its own, apart from the Musique app's triggers, and it never polls:
 * in manual mode n8n calls `poll()` on any node that has one and drops the webhook's payload.
 */
export class MusiqueSandboxTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Musique Sandbox Trigger',
    name: 'musiqueSandboxTrigger',
    icon: { light: 'file:../Musique/musique.svg', dark: 'file:../Musique/musique.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: SUBTITLE,
    description: 'Starts the workflow the moment a Musique sandbox reports an event (by webhook)',
    defaults: { name: 'Musique Sandbox Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'musiqueApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    // What the listening panel says while it waits for a test event (n8n's own default names a "Musique Webhook").
    eventTriggerDescription:
      'Waiting for your Musique sandbox to report the event: upload, send or delete audio there',
    activationMessage: 'Your workflow now starts on every event your Musique sandbox reports.',
    properties: [
      {
        displayName:
          'Only a Musique sandbox sends these events: against the Musique API, activating the workflow fails. To start on new audio there, use the Musique Trigger.',
        name: 'sandboxOnly',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        default: 'audio.created',
        options: EVENTS,
      },
    ],
  };

  webhookMethods = webhookMethods;

  webhook = receiveEvent;
}
