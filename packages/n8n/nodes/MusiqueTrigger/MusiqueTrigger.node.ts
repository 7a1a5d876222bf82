import { type INodeType, type INodeTypeDescription, NodeConnectionTypes } from 'n8n-workflow';
import { categoryFilter } from '../Musique/actions/common.descriptions';
import { EVENTS, NEW_AUDIO, SUBTITLE } from './events';
import { pollNewAudio } from './poll';

/**
 * The Musique app's trigger (n8n groups `<app>Trigger` with the app): New Audio, found by polling, which the
 * Musique API supports. It has no webhook: in manual mode n8n calls `poll()` on a node that has one, so "Fetch
 * Test Event" shows the newest audio. The sandbox's webhook events live in the Musique Sandbox Trigger.
 */
export class MusiqueTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Musique Trigger',
    name: 'musiqueTrigger',
    icon: { light: 'file:../Musique/musique.svg', dark: 'file:../Musique/musique.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: SUBTITLE,
    description: 'Starts the workflow when new audio appears in Musique',
    defaults: { name: 'Musique Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'musiqueApi', required: true }],
    properties: [
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        default: NEW_AUDIO,
        options: EVENTS,
      },
      {
        displayName: 'Filters',
        name: 'filters',
        type: 'collection',
        placeholder: 'Add filter',
        default: {},
        options: [categoryFilter],
      },
    ],
  };

  poll = pollNewAudio;
}
