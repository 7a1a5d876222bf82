import type { INodePropertyOptions } from 'n8n-workflow';

/** What starts the workflow: new audio, found by polling, the one kind of event the Musique API has. */
export const NEW_AUDIO = 'newAudio';

/**
 * The Musique app's triggers in n8n's node panel, each named by its `action`. Only events that work against the
 * Musique API belong here; the sandbox's webhook events have their own node (Musique Sandbox Trigger).
 */
export const EVENTS: INodePropertyOptions[] = [
  {
    name: 'New Audio',
    action: 'On new audio',
    value: NEW_AUDIO,
    description: 'An audio file was uploaded, checked on the schedule you set',
  },
];

/** The canvas subtitle: "New audio", and the category when the filter names one. */
export const SUBTITLE =
  '={{ "New audio" + ($parameter["filters"] && $parameter["filters"].category ? " in " + $parameter["filters"].category : "") }}';
