/**
 * What a send means, decided once for every surface: a person's or a workflow's words become a typed plan (the
 * audio, the stores, the instant, whether a person confirms, the identity a retry carries) or a typed refusal,
 * before anything is sent. A surface maps its input in and puts the plan or the refusal into its own words;
 * `executeSendPlan` sends a plan.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { priorityField, repeatField, scheduleAtField, volumeField } from '../catalog/fields.js';
import { canonicalJson, deriveIdempotencyKey } from '../catalog/idempotency.js';
import { operations } from '../catalog/operations.js';
import { needsConfirmation } from '../catalog/rules.js';
import { formatInZone, lateNote, timeToPlay } from '../catalog/time-to-play.js';
import { type SpokenTime, spokenTimeAt } from '../catalog/when.js';
import type { MusiqueClient } from '../client.js';
import { MusiqueError } from '../errors.js';
import type { PriorityValue } from '../generated/contract.js';
import type { StoreDirectory } from '../stores.js';
import type { Audio, Send } from '../types.js';
import { resolveAudio } from './audio-reference.js';
import type { RecentSends } from './recent-sends.js';
import { refused, type SendRefusal } from './refusal.js';
import {
  describeStoreTargets,
  resolveStoreTargets,
  type StoreGroups,
  type StoreTargets,
} from './store-targets.js';

/** What a person or a workflow asked for, in their terms. */
export interface SendIntent {
  /** An audio ID (aud_…), an exact or partial name, or the newest audio of a category ("promo"). */
  audio: string | { latest: { category: string } };
  /** "42", "12, 42", "12-20", "store_001-store_010", a group ("paris"), "all"; or a list of them. */
  stores: string | readonly string[];
  /** Text (ISO 8601, or "tomorrow 9:00") read in `timeZone`, an instant, or a spoken time; empty means now. */
  at?: string | Date | SpokenTime | null;
  priority?: unknown;
  repeat?: unknown;
  volume?: unknown;
}

/** What the surface knows of the person and the company. */
export interface PlanContext {
  /** The person's IANA zone, for times without an offset and for every time the plan shows; UTC when absent. */
  timeZone?: string;
  /** The company's stores, for "all" and to refuse an unknown store before sending. */
  directory?: StoreDirectory;
  /** Named store groups (MUSIQUE_STORE_GROUPS). */
  groups?: StoreGroups;
  /** How a number names a store when the directory cannot list them (MUSIQUE_STORE_FORMAT): `store_{000}`. */
  storeFormat?: string;
  /** Sends made lately, on the conversational surfaces: an identical one within the window asks first. */
  recent?: RecentSends;
  now?: Date;
}

/** A send, decided: JSON, so a surface can keep it while a person confirms. */
export interface SendPlan {
  audio: Pick<Audio, 'audioId' | 'name' | 'duration' | 'format' | 'url'> & { category: string | null };
  stores: StoreTargets & { described: string };
  /** When it plays (ISO), or null for now. */
  at: string | null;
  timeZone: string;
  /** "now", or the time on the person's clock. */
  when: string;
  priority?: PriorityValue;
  repeat?: number;
  volume?: number;
  /** Set when a person must say yes first: the question and why it is asked. */
  confirm: { question: string; reasons: ('several-stores' | 'repeat')[] } | null;
  /** The same send went earlier, within the repeat window (conversational surfaces). */
  sentBefore?: { sentAt: string; sendId: string };
  /** What plays where and when, hashed: the same plan, the same identity. */
  identity: string;
  /** Things the answer should say, such as a time within the grace that plays now. */
  notes: string[];
}

export type SendPlanning = { ok: true; plan: SendPlan } | { ok: false; refusal: SendRefusal };

/** Turns a send as it was said into a plan, or a refusal; asks the API only to find the audio and the stores. */
export async function planSend(
  client: MusiqueClient,
  intent: SendIntent,
  context: PlanContext = {},
): Promise<SendPlanning> {
  const timeZone = context.timeZone || 'UTC';
  const now = context.now ?? new Date();
  let settings: Pick<SendPlan, 'priority' | 'repeat' | 'volume'>;
  let at: Date | undefined;
  try {
    settings = readSettings(intent);
    at = readAt(intent.at, { timeZone, now });
  } catch (error) {
    return refusedBy(error);
  }
  let timing: ReturnType<typeof timeToPlay>;
  try {
    timing = timeToPlay(at, { timeZone, now });
  } catch (error) {
    return refusedBy(error, 'time-passed');
  }
  const audio = await resolveAudio(client, intent.audio);
  if (!audio.ok) return audio;
  const stores = await resolveStoreTargets(intent.stores, context);
  if (!stores.ok)
    return refused({
      ...stores.refusal,
      param: 'stores',
      code: stores.refusal.kind === 'unknown-stores' ? 'not_found' : 'missing_field',
    });
  const scheduled = timing.kind === 'scheduled' ? timing.at.toISOString() : null;
  const identity = planIdentity(audio.audio.audioId, stores.targets.externalIds, scheduled, settings);
  const sentBefore = await context.recent?.find(identity, now);
  const reasons: NonNullable<SendPlan['confirm']>['reasons'] = [];
  if (needsConfirmation(operations.sendAudio, { stores: stores.targets.externalIds.length }))
    reasons.push('several-stores');
  if (sentBefore) reasons.push('repeat');
  const described = describeStoreTargets(stores.targets);
  const when = scheduled ? formatInZone(new Date(scheduled), timeZone) : 'now';
  const plan: SendPlan = {
    audio: pickAudio(audio.audio),
    stores: { ...stores.targets, described },
    at: scheduled,
    timeZone,
    when,
    ...settings,
    confirm: null,
    ...(sentBefore ? { sentBefore } : {}),
    identity,
    notes: timing.kind === 'late' ? [lateNote(timing, timeZone)] : [],
  };
  if (reasons.length > 0) plan.confirm = { question: confirmQuestion(plan, sentBefore, now), reasons };
  return { ok: true, plan };
}

/**
 * Sends a plan. The time is checked again (a confirmation may come late): past the grace it is refused, within
 * it plays now. `retry` is the surface's natural retry identity (a zap step, an n8n item, a card click, an MCP
 * request): the same identity and plan give the same Idempotency-Key, so the API replays the first answer.
 */
export async function executeSendPlan(
  client: MusiqueClient,
  plan: SendPlan,
  options: { retry?: { platform: string; identity: unknown }; recent?: RecentSends; now?: Date } = {},
): Promise<Send> {
  const now = options.now ?? new Date();
  const timing = timeToPlay(plan.at ? new Date(plan.at) : undefined, { timeZone: plan.timeZone, now });
  const idempotencyKey = options.retry
    ? deriveIdempotencyKey({
        platform: options.retry.platform,
        action: 'sendAudio',
        identity: { run: options.retry.identity, send: plan.identity },
      })
    : undefined;
  const send = await client.audio.send(plan.audio.audioId, sendBody(plan, timing), {
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  await options.recent?.remember(plan.identity, { sentAt: now.toISOString(), sendId: send.sendId }, now);
  return send;
}

/** The body of POST /audio/{id}/send, built here and nowhere else. */
function sendBody(plan: SendPlan, timing: ReturnType<typeof timeToPlay>) {
  return {
    externalIds: plan.stores.externalIds,
    ...(timing.kind === 'scheduled' ? { scheduleAt: timing.at.toISOString() } : {}),
    ...(plan.priority ? { priority: plan.priority } : {}),
    ...(plan.repeat === undefined ? {} : { repeat: plan.repeat }),
    ...(plan.volume === undefined ? {} : { volume: plan.volume }),
  };
}

function readSettings(intent: SendIntent): Pick<SendPlan, 'priority' | 'repeat' | 'volume'> {
  const priority = priorityField.parse(intent.priority);
  const repeat = repeatField.parse(intent.repeat);
  const volume = volumeField.parse(intent.volume);
  return {
    ...(priority ? { priority } : {}),
    ...(repeat === undefined ? {} : { repeat }),
    ...(volume === undefined ? {} : { volume }),
  };
}

function readAt(at: SendIntent['at'], context: { timeZone: string; now: Date }): Date | undefined {
  if (isSpokenTime(at)) return spokenTimeAt(at, context.now, context.timeZone);
  // Text, a Date, or a platform's date object (n8n's Luxon DateTime), which reads as ISO text.
  const iso = scheduleAtField.parse(at, context);
  return iso ? new Date(iso) : undefined;
}

const isSpokenTime = (at: unknown): at is SpokenTime =>
  typeof at === 'object' && at !== null && 'day' in at && 'hour' in at && 'minute' in at;

function confirmQuestion(plan: SendPlan, sentBefore: SendPlan['sentBefore'], now: Date): string {
  const when = plan.at ? `at ${plan.when}` : 'now';
  const question = `Play "${plan.audio.name}" on ${plan.stores.described} ${when}?`;
  if (!sentBefore) return question;
  const minutes = Math.max(1, Math.round((now.getTime() - new Date(sentBefore.sentAt).getTime()) / 60_000));
  return `The same send went ${minutes === 1 ? 'a minute' : `${minutes} minutes`} ago (${formatInZone(new Date(sentBefore.sentAt), plan.timeZone)}). ${question.replace('?', ' again?')}`;
}

function planIdentity(
  audioId: string,
  externalIds: readonly string[],
  at: string | null,
  settings: object,
): string {
  const what = canonicalJson({ audioId, externalIds: [...externalIds].sort(), at, ...settings });
  return bytesToHex(sha256(utf8ToBytes(what))).slice(0, 32);
}

const pickAudio = (audio: Audio): SendPlan['audio'] => ({
  audioId: audio.audioId,
  name: audio.name,
  duration: audio.duration,
  format: audio.format,
  url: audio.url,
  category: audio.category ?? null,
});

function refusedBy(error: unknown, kind: SendRefusal['kind'] = 'invalid') {
  if (!(error instanceof MusiqueError) || error.type !== 'validation_error') throw error;
  return refused({
    kind: error.code === 'time_passed' ? 'time-passed' : kind,
    message: error.message,
    param: error.param ?? 'input',
    code: error.code,
  });
}
