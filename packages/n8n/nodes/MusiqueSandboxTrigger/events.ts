import type { WebhookEventType } from '@musique/core/portable';
import type { INodePropertyOptions } from 'n8n-workflow';

/** The events a Musique sandbox reports by webhook, in alphabetical order as n8n lists options. */
export const EVENTS: Array<INodePropertyOptions & { value: WebhookEventType }> = [
  {
    name: 'Audio Created',
    action: 'On audio created',
    value: 'audio.created',
    description: 'An audio file was uploaded',
  },
  {
    name: 'Audio Deleted',
    action: 'On audio deleted',
    value: 'audio.deleted',
    description: 'An audio file was deleted',
  },
  {
    name: 'Send Created',
    action: 'On send created',
    value: 'send.created',
    description: 'Audio was sent to stores',
  },
  {
    name: 'Send Delivered',
    action: 'On send delivered',
    value: 'send.delivered',
    description: "A store's player received the audio",
  },
];

/** The canvas subtitle: the event's words ("Audio created"), never its raw value. */
const SUBTITLES = Object.fromEntries(
  EVENTS.map(({ name, value }) => [value, name.charAt(0) + name.slice(1).toLowerCase()]),
);
export const SUBTITLE = `={{ ${JSON.stringify(SUBTITLES)}[$parameter["event"]] }}`;
