import type { Audio, SendIntent, SendPlan, SendRefusal } from '@musique/core';
import type { PendingConfirmation, SendSummary } from '../conversation/pending.js';
import {
  type AdaptiveCard,
  type ColumnSet,
  card,
  execute,
  facts,
  heading,
  paragraph,
} from './adaptive-card.js';
import { durationText, priorityText, STORES_PLACEHOLDER, whenText } from './words.js';

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

/** The rest of a send as it was said, carried on a pick button: the time as the instant it named then. */
export type CarriedIntent = Omit<SendIntent, 'audio' | 'at'> & { at?: string };

export interface PickData {
  audioId: string;
  audioName: string;
  intent: CarriedIntent;
  timeZone?: string;
}

function planFacts(plan: SendPlan): [string, string][] {
  return [
    ['Audio', plan.audio.name],
    ['Stores', plan.stores.described],
    ['When', plan.when],
    ['Priority', priorityText(plan.priority ?? 'normal')],
    ...(plan.repeat === undefined ? [] : [['Repeat', `${plan.repeat} times`] as [string, string]]),
    ...(plan.volume === undefined ? [] : [['Volume', `${plan.volume} %`] as [string, string]]),
  ];
}

/** What the answer must say beside the facts: a time within the grace that plays now, and the like. */
const notes = (said: readonly string[]) => said.map((note) => paragraph(note, { isSubtle: true }));

/** Asks before a send the plan wants confirmed, in the plan's words; the card is replaced by the result. */
export function confirmationCard(confirmation: PendingConfirmation): AdaptiveCard {
  const { plan } = confirmation;
  const data: ConfirmData = { pendingId: confirmation.id };
  return card(
    [
      heading(plan.confirm?.question ?? `Play "${plan.audio.name}" on ${plan.stores.described}?`),
      facts(planFacts(plan)),
      ...notes(plan.notes),
    ],
    [execute('Send', VERBS.confirm, data, 'positive'), execute('Cancel', VERBS.cancel, data)],
  );
}

/** Shown while a long send finishes in the background. */
export function sendingCard(plan: SendPlan): AdaptiveCard {
  return card([
    heading(`Sending "${plan.audio.name}" to ${plan.stores.described}…`),
    paragraph('This is taking a moment; I will post the result here.', { isSubtle: true }),
  ]);
}

export function cancelledCard(plan: SendPlan): AdaptiveCard {
  return card([heading(`Cancelled: "${plan.audio.name}" was not sent.`), facts(planFacts(plan))]);
}

export function failedCard(plan: SendPlan, problem: string): AdaptiveCard {
  return card([heading(`"${plan.audio.name}" was not sent`), paragraph(problem, { color: 'Attention' })]);
}

export function expiredCard(why = 'Nothing was sent. Type the command again.'): AdaptiveCard {
  return card([heading('This confirmation has expired'), paragraph(why)]);
}

const STATUS_WORDS: Record<string, string> = {
  queued: 'playing now or next in queue',
  scheduled: 'scheduled',
  sent: 'sent',
  failed: 'failed',
};

/** Each store and what became of the send there. */
export function resultCard(summary: SendSummary, plan: SendPlan): AdaptiveCard {
  const stores = summary.destinations.map((d) => d.externalId);
  const failed = summary.destinations.filter((d) => d.status === 'failed').length;
  const verb = summary.scheduleAt ? 'Scheduled' : 'Sent';
  const title = failed
    ? `"${summary.audioName}" reached ${stores.length - failed} of ${stores.length} stores`
    : `${verb} "${summary.audioName}" to ${stores.length === 1 ? stores[0] : `${stores.length} stores`}`;
  return card([
    heading(title),
    facts([
      ...(stores.length > 1 ? [['Stores', plan.stores.described] as [string, string]] : []),
      ['When', whenText(summary.scheduleAt, plan.timeZone)],
      ...(plan.priority ? [['Priority', priorityText(plan.priority)] as [string, string]] : []),
      ['Send id', summary.sendId],
    ]),
    ...notes(summary.notes ?? []),
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
                { isSubtle: true, spacing: 'None' },
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

/** "Which one did you mean?" with one button per candidate of the core's refusal. */
export function pickAudioCard(
  candidates: NonNullable<SendRefusal['candidates']>,
  rest: Omit<PickData, 'audioId' | 'audioName'>,
  typed: string,
): AdaptiveCard {
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
      const data: PickData = { audioId: audio.audioId, audioName: audio.name, ...rest };
      return execute(`${audio.name} (${audio.createdAt.slice(0, 10)})`, VERBS.pick, data);
    }),
  );
}
