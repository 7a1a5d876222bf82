import type { Audio, Priority } from '@musique/core';
import type { PendingConfirmation, PlannedSend, SendSummary } from '../conversation/pending.js';
import { listStores } from '../errors.js';
import { formatInstant } from '../schedule/wall-time.js';
import {
  type AdaptiveCard,
  type ColumnSet,
  card,
  execute,
  facts,
  heading,
  paragraph,
} from './adaptive-card.js';
import { durationText, priorityText, STORES_PLACEHOLDER } from './card-words.js';

/** `Action.Execute` verbs the bot answers. */
export const VERBS = {
  confirm: 'musique.confirm',
  cancel: 'musique.cancel',
  /** A list card's send button: its data names the audio, the stores come from the card's input. */
  sendAudio: 'musique.sendAudio',
  /** A choice between audio files of the same name. */
  pick: 'musique.pick',
} as const;

export interface ConfirmData {
  pendingId: string;
}
export type { AdaptiveCard };

export interface SendAudioData {
  audioId: string;
  audioName: string;
  /** From the card's `stores` input. */
  stores?: string;
}
export interface PickData {
  audioId: string;
  audioName: string;
  /** The rest of the command the user typed, carried on the button. */
  plan: Omit<PlannedSend, 'audioId' | 'audioName'>;
}

function storesText(plan: Pick<PlannedSend, 'externalIds' | 'all'>): string {
  const count = `${plan.externalIds.length} ${plan.externalIds.length === 1 ? 'store' : 'stores'}`;
  return plan.all
    ? `all ${count}`
    : `${listStores(plan.externalIds)}${plan.externalIds.length > 2 ? ` (${count})` : ''}`;
}

function whenText(scheduleAt: string | null | undefined, timeZone?: string): string {
  return scheduleAt ? formatInstant(new Date(scheduleAt), timeZone) : 'now';
}

function planFacts(plan: PlannedSend): [string, string][] {
  return [
    ['Audio', plan.audioName],
    ['Stores', storesText(plan)],
    ['When', whenText(plan.scheduleAt, plan.timeZone)],
    ['Priority', priorityText(plan.priority ?? 'normal')],
    ...(plan.repeat === undefined ? [] : [['Repeat', `${plan.repeat} times`] as [string, string]]),
    ...(plan.volume === undefined ? [] : [['Volume', `${plan.volume} %`] as [string, string]]),
  ];
}

/** Asks before a send to several stores; the card is replaced by the result. */
export function confirmationCard(confirmation: PendingConfirmation): AdaptiveCard {
  const { plan } = confirmation;
  const data: ConfirmData = { pendingId: confirmation.id };
  return card(
    [heading(`Send "${plan.audioName}" to ${storesText(plan)}?`), facts(planFacts(plan))],
    [execute('Send', VERBS.confirm, data, 'positive'), execute('Cancel', VERBS.cancel, data)],
  );
}

/** Shown while a long send finishes in the background. */
export function sendingCard(plan: PlannedSend): AdaptiveCard {
  return card([
    heading(`Sending "${plan.audioName}" to ${storesText(plan)}…`),
    paragraph('This is taking a moment; I will post the result here.', { isSubtle: true }),
  ]);
}

export function cancelledCard(plan: PlannedSend): AdaptiveCard {
  return card([heading(`Cancelled: "${plan.audioName}" was not sent.`), facts(planFacts(plan))]);
}

export function failedCard(plan: PlannedSend, problem: string): AdaptiveCard {
  return card([heading(`"${plan.audioName}" was not sent`), paragraph(problem, { color: 'Attention' })]);
}

export function expiredCard(): AdaptiveCard {
  return card([
    heading('This confirmation has expired'),
    paragraph('Nothing was sent. Type the command again.'),
  ]);
}

const STATUS_WORDS: Record<string, string> = {
  queued: 'playing now or next in queue',
  scheduled: 'scheduled',
  sent: 'sent',
  failed: 'failed',
};

/** Each store and what became of the send there. */
export function resultCard(
  summary: SendSummary,
  options: { priority?: Priority; timeZone?: string } = {},
): AdaptiveCard {
  const stores = summary.destinations.map((d) => d.externalId);
  const failed = summary.destinations.filter((d) => d.status === 'failed').length;
  const verb = summary.scheduleAt ? 'Scheduled' : 'Sent';
  const title = failed
    ? `"${summary.audioName}" reached ${stores.length - failed} of ${stores.length} stores`
    : `${verb} "${summary.audioName}" to ${stores.length === 1 ? stores[0] : `${stores.length} stores`}`;
  return card([
    heading(title),
    facts([
      ['When', whenText(summary.scheduleAt, options.timeZone)],
      ...(options.priority ? [['Priority', priorityText(options.priority)] as [string, string]] : []),
      ['Send id', summary.sendId],
    ]),
    {
      type: 'Container',
      separator: true,
      items: [facts(summary.destinations.map((d) => [d.externalId, STATUS_WORDS[d.status] ?? d.status]))],
    },
  ]);
}

/** Audio files, newest first, each with a send button; the stores input is shared by all buttons. */
export function audioListCard(audios: Audio[], title: string): AdaptiveCard {
  if (audios.length === 0) {
    return card([
      heading(title),
      paragraph(
        'Nothing yet. Attach an audio file in a personal chat with me and say "upload this as Summer Sale".',
      ),
    ]);
  }
  return card([
    heading(title),
    { type: 'Input.Text', id: 'stores', label: 'Stores', placeholder: STORES_PLACEHOLDER, isRequired: false },
    ...audios.map((audio): ColumnSet => {
      const data: SendAudioData = { audioId: audio.audioId, audioName: audio.name };
      return {
        type: 'ColumnSet',
        separator: true,
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            items: [
              paragraph(audio.name, { weight: 'Bolder' }),
              paragraph(
                `${durationText(audio.duration)} · ${audio.category ?? 'no category'} · ${audio.createdAt.slice(0, 10)}`,
                {
                  isSubtle: true,
                  spacing: 'None',
                },
              ),
            ],
          },
          {
            type: 'Column',
            width: 'auto',
            verticalContentAlignment: 'Center',
            items: [{ type: 'ActionSet', actions: [execute('Send', VERBS.sendAudio, data)] }],
          },
        ],
      };
    }),
  ]);
}

/** "Which one did you mean?" with one button per candidate. */
export function pickAudioCard(candidates: Audio[], plan: PickData['plan'], typed: string): AdaptiveCard {
  return card(
    [
      heading(`Several audio files match "${typed}". Which one?`),
      ...candidates.map((audio) =>
        paragraph(
          `**${audio.name}**: ${durationText(audio.duration)}, ${audio.category ?? 'no category'}, added ${audio.createdAt.slice(0, 10)}`,
        ),
      ),
    ],
    candidates.map((audio) => {
      const data: PickData = { audioId: audio.audioId, audioName: audio.name, plan };
      return execute(`${audio.name} (${audio.createdAt.slice(0, 10)})`, VERBS.pick, data);
    }),
  );
}
