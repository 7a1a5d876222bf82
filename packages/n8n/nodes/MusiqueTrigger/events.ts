import type { WebhookEventType } from '@musique/core/portable';
import type { INodePropertyOptions } from 'n8n-workflow';

/** What starts the workflow: new audio, found by polling (the Musique API has it), or an event a webhook reports. */
export type TriggerEvent = 'newAudio' | WebhookEventType;

export const POLLED: TriggerEvent = 'newAudio';

/** Only a Musique sandbox sends webhooks today; the API the docs describe has none. */
const SANDBOX_ONLY = 'Instantly, by webhook; only a Musique sandbox sends it';

/** In alphabetical order, as n8n lists options; the node panel shows each `action` as a trigger of the Musique app. */
export const EVENTS: Array<INodePropertyOptions & { value: TriggerEvent }> = [
  {
    name: 'Audio Created (Sandbox Only)',
    action: 'On audio created (sandbox only)',
    value: 'audio.created',
    description: `An audio file was uploaded. ${SANDBOX_ONLY}.`,
  },
  {
    name: 'Audio Deleted (Sandbox Only)',
    action: 'On audio deleted (sandbox only)',
    value: 'audio.deleted',
    description: `An audio file was deleted. ${SANDBOX_ONLY}.`,
  },
  {
    name: 'New Audio',
    action: 'On new audio',
    value: 'newAudio',
    description: 'An audio file was uploaded, checked on the schedule you set',
  },
  {
    name: 'Send Created (Sandbox Only)',
    action: 'On send created (sandbox only)',
    value: 'send.created',
    description: `Audio was sent to stores. ${SANDBOX_ONLY}.`,
  },
  {
    name: 'Send Delivered (Sandbox Only)',
    action: 'On send delivered (sandbox only)',
    value: 'send.delivered',
    description: `A store's player received the audio. ${SANDBOX_ONLY}.`,
  },
];

/** The canvas subtitle: the event's words ("Audio created"), never its raw value. */
const SUBTITLES = Object.fromEntries(
  EVENTS.map(({ name, value }) => {
    const words = name.replace(/ \(Sandbox Only\)$/, '');
    return [value, words.charAt(0) + words.slice(1).toLowerCase()];
  }),
);
export const SUBTITLE = `={{ ${JSON.stringify(SUBTITLES)}[$parameter["event"]] + ($parameter["filters"] && $parameter["filters"].category ? " in " + $parameter["filters"].category : "") }}`;

/** A webhook only for a webhook event: n8n registers (and, testing, listens on) no URL for a polled one. */
export const WEBHOOK_PATH = `={{ $parameter["event"] === "${POLLED}" ? undefined : "webhook" }}`;
