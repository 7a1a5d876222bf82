import { createHash } from 'node:crypto';
import type { MusiqueClient, StoreDirectory } from '@musique/core';
import { downloadAttachment, looksLikeMp3 } from './audio-file.js';
import {
  type AdaptiveCard,
  audioListCard,
  type ConfirmData,
  cancelledCard,
  confirmationCard,
  expiredCard,
  failedCard,
  HELP_TEXT,
  type PickData,
  pickAudioCard,
  resultCard,
  type SendAudioData,
  sendingCard,
  VERBS,
} from './cards.js';
import { type Command, PROMO_CATEGORY, parseCommand, parseStores } from './commands.js';
import { explainError, listStores } from './errors.js';
import {
  type PendingConfirmation,
  type PendingConfirmations,
  type PlannedSend,
  summariseSend,
} from './pending.js';
import { resolveAudio, resolveTargets } from './resolution.js';
import { resolveWallTime, ScheduleError } from './schedule.js';
import { Background, Relay, settlesWithin } from './turns.js';
import type { WaitNotices } from './waits.js';

/** What the bot says: words, or a card (with words for notifications and screen readers). */
export type OutgoingMessage = { text: string } | { card: AdaptiveCard; summary?: string };

/** A conversation as the chat platform offers it. */
export interface Conversation {
  /** Stable id of the conversation (the key of its stored reference). */
  key: string;
  /** Replies while the incoming turn is still open. */
  reply(message: OutgoingMessage): Promise<void>;
  /** Posts after the turn has ended (a proactive message). */
  post(message: OutgoingMessage): Promise<void>;
}

export interface IncomingFile {
  name: string;
  /** A pre-authorised link (Teams' `downloadUrl`, or another channel's `contentUrl`). */
  url: string;
  contentType?: string;
}

export interface IncomingMessage {
  text: string;
  /** A one-to-one chat with the bot: the only place Teams hands files to bots. */
  personal: boolean;
  /** The user's IANA time zone, for "tomorrow 9:00". */
  timeZone?: string;
  files: IncomingFile[];
  /** Makes the idempotency key of an upload, so a redelivered message uploads once. */
  messageId?: string;
}

export interface CardAction {
  verb: string;
  data: Record<string, unknown>;
  /** The id of the message holding the card: a second click on the same card must not send again. */
  cardId?: string;
  timeZone?: string;
}

export interface MusiqueBotOptions {
  client: MusiqueClient;
  stores: StoreDirectory;
  confirmations: PendingConfirmations;
  waits: WaitNotices;
  now?: () => Date;
  /** How long a message's work may hold the turn before it moves to the background (Teams allows ~15 s). */
  messageDeadlineMs?: number;
  /** How long a card click may take before its card says "sending" (Teams allows 5 s for invokes). */
  invokeDeadlineMs?: number;
  maxUploadBytes?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * The Teams bot's behaviour with no Teams types: commands in, messages and cards out. The SDK adapter
 * (src/teams) turns activities into these calls.
 */
export class MusiqueBot {
  private readonly background = new Background();
  private readonly now: () => Date;
  private readonly messageDeadlineMs: number;
  private readonly invokeDeadlineMs: number;

  constructor(private readonly options: MusiqueBotOptions) {
    this.now = options.now ?? (() => new Date());
    this.messageDeadlineMs = options.messageDeadlineMs ?? 10_000;
    this.invokeDeadlineMs = options.invokeDeadlineMs ?? 4_000;
  }

  welcome(): OutgoingMessage {
    return { text: HELP_TEXT };
  }

  /** Waits for background work (sends and uploads that outlived their turn). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  async handleMessage(message: IncomingMessage, conversation: Conversation): Promise<void> {
    let command = parseCommand(message.text);
    // A file with no words (or words that are not a command) is an upload under the file's own name.
    if (message.files.length && (command.kind === 'help' || command.kind === 'unknown'))
      command = { kind: 'upload' };
    const chat = new Relay(conversation);
    const running = this.options.waits
      .run(
        (ms) =>
          void chat.noteWait(ms).catch((error) => this.options.log?.('could not say we are waiting', error)),
        () => this.run(command, message, conversation.key, chat),
      )
      .catch((error) => this.report(chat, error));
    if (await settlesWithin(running, this.messageDeadlineMs)) return;
    await chat.say({
      text: 'This is taking longer than usual (the Musique API is busy); I will post the result here.',
    });
    chat.close();
    this.background.add(running);
  }

  private async run(
    command: Command,
    message: IncomingMessage,
    conversationKey: string,
    chat: Relay,
  ): Promise<void> {
    switch (command.kind) {
      case 'help':
        return chat.say({ text: HELP_TEXT });
      case 'unknown':
        return chat.say({ text: `I did not understand "${command.text}".\n\n${HELP_TEXT}` });
      case 'unclear':
        return chat.say({ text: command.problem });
      case 'status':
        return chat.say({ text: await this.status(conversationKey) });
      case 'cancel':
        return chat.say({ text: await this.cancelOpen(conversationKey) });
      case 'list': {
        const { data } = await this.options.client.audio.list({
          limit: 10,
          ...(command.category ? { category: command.category } : {}),
        });
        const title =
          command.category === PROMO_CATEGORY
            ? 'Promos, newest first'
            : command.category
              ? `${command.category}, newest first`
              : 'Audio, newest first';
        return chat.say({ card: audioListCard(data, title), summary: `${data.length} audio files` });
      }
      case 'upload':
        return this.upload(message, command.name, conversationKey, chat);
      case 'send':
        return this.send(command, message, conversationKey, chat);
    }
  }

  private async send(
    command: Extract<Command, { kind: 'send' }>,
    message: IncomingMessage,
    conversationKey: string,
    chat: Relay,
  ) {
    let scheduleAt: string | undefined;
    try {
      if (command.when)
        scheduleAt = resolveWallTime(command.when, this.now(), message.timeZone).toISOString();
    } catch (error) {
      if (error instanceof ScheduleError) return chat.say({ text: error.message });
      throw error;
    }
    const targets = await resolveTargets(this.options.stores, command.stores);
    if (targets.kind === 'none') return chat.say({ text: targets.problem });
    if (targets.kind === 'unknown')
      return chat.say({ text: unknownStoresText(targets.unknown, targets.known) });
    const audio = await resolveAudio(this.options.client, command.audio);
    const rest: PickData['plan'] = {
      externalIds: targets.externalIds,
      all: targets.all,
      ...(scheduleAt ? { scheduleAt } : {}),
      ...(command.priority ? { priority: command.priority } : {}),
      ...(message.timeZone ? { timeZone: message.timeZone } : {}),
    };
    if (audio.kind === 'none') return chat.say({ text: audio.problem });
    if (audio.kind === 'ambiguous') {
      const typed = command.audio.kind === 'named' ? command.audio.name : 'that';
      return chat.say({
        card: pickAudioCard(audio.candidates, rest, typed),
        summary: 'Which audio did you mean?',
      });
    }
    const plan: PlannedSend = { audioId: audio.audio.audioId, audioName: audio.audio.name, ...rest };
    if (needsConfirmation(plan)) {
      const confirmation = await this.options.confirmations.create(conversationKey, plan);
      return chat.say({
        card: confirmationCard(confirmation),
        summary: `Send "${plan.audioName}"? Confirm on the card.`,
      });
    }
    const summary = await this.sendPlan(plan, messageKey('send', conversationKey, message.messageId));
    return chat.say({ card: resultCard(summary, plan), summary: `Sent "${plan.audioName}"` });
  }

  private async sendPlan(plan: PlannedSend, idempotencyKey: string | undefined) {
    const send = await this.options.client.audio.send(
      plan.audioId,
      {
        externalIds: plan.externalIds,
        ...(plan.scheduleAt ? { scheduleAt: plan.scheduleAt } : {}),
        ...(plan.priority ? { priority: plan.priority } : {}),
      },
      idempotencyKey ? { idempotencyKey } : {},
    );
    return summariseSend(send, plan.audioName);
  }

  /** Answers a card button; the returned card replaces the clicked one. */
  async handleCardAction(action: CardAction, conversation: Conversation): Promise<AdaptiveCard | string> {
    try {
      switch (action.verb) {
        case VERBS.confirm:
          return await this.confirm(String((action.data as unknown as ConfirmData).pendingId), conversation);
        case VERBS.cancel: {
          const confirmation = await this.options.confirmations.cancel(
            String((action.data as unknown as ConfirmData).pendingId),
          );
          return confirmation ? this.cardFor(confirmation) : expiredCard();
        }
        case VERBS.pick: {
          const data = action.data as unknown as PickData;
          const plan: PlannedSend = { ...data.plan, audioId: data.audioId, audioName: data.audioName };
          return await this.proceed(plan, conversation, cardKey(action, conversation.key, plan));
        }
        case VERBS.sendAudio: {
          const data = action.data as unknown as SendAudioData;
          const stores = parseStores(data.stores ?? '');
          if (!stores) return 'Type the stores in the Stores box first: 42, 57 or all.';
          const targets = await resolveTargets(this.options.stores, stores);
          if (targets.kind === 'none') return targets.problem;
          if (targets.kind === 'unknown') return unknownStoresText(targets.unknown, targets.known);
          const plan: PlannedSend = {
            audioId: data.audioId,
            audioName: data.audioName,
            externalIds: targets.externalIds,
            all: targets.all,
            ...(action.timeZone ? { timeZone: action.timeZone } : {}),
          };
          return await this.proceed(plan, conversation, cardKey(action, conversation.key, plan));
        }
        default:
          return 'This button is from an older version of the bot; type the command instead.';
      }
    } catch (error) {
      this.options.log?.('card action failed', error);
      return explainError(error);
    }
  }

  /** A plan from a card: several stores ask first, one store is sent at once. */
  private async proceed(
    plan: PlannedSend,
    conversation: Conversation,
    idempotencyKey: string | undefined,
  ): Promise<AdaptiveCard> {
    if (needsConfirmation(plan)) {
      return confirmationCard(await this.options.confirmations.create(conversation.key, plan));
    }
    const outcome = this.sendPlan(plan, idempotencyKey).then(
      (summary) => resultCard(summary, plan),
      (error: unknown) => failedCard(plan, explainError(error)),
    );
    return this.cardWithin(outcome, plan, conversation);
  }

  private async confirm(pendingId: string, conversation: Conversation): Promise<AdaptiveCard> {
    const { confirmations } = this.options;
    const claim = await confirmations.claim(pendingId);
    if (claim.kind === 'missing') return expiredCard();
    if (claim.kind === 'settled') return this.cardFor(claim.confirmation);
    const { plan } = claim.confirmation;
    // The confirmation's id is the idempotency key: even a click on another instance cannot send twice.
    const outcome = this.sendPlan(plan, pendingId).then(
      async (summary) => {
        await confirmations.settle(pendingId, { result: summary });
        return resultCard(summary, plan);
      },
      async (error: unknown) => {
        const problem = explainError(error);
        await confirmations.settle(pendingId, { error: problem });
        return failedCard(plan, problem);
      },
    );
    return this.cardWithin(outcome, plan, conversation);
  }

  /** The outcome card if it is ready in time; otherwise a "sending" card now and the outcome posted later. */
  private async cardWithin(
    outcome: Promise<AdaptiveCard>,
    plan: PlannedSend,
    conversation: Conversation,
  ): Promise<AdaptiveCard> {
    if (await settlesWithin(outcome, this.invokeDeadlineMs)) return outcome;
    this.background.add(
      outcome
        .then((card) => conversation.post({ card, summary: `"${plan.audioName}": result` }))
        .catch((error) => this.options.log?.('could not post a result', error)),
    );
    return sendingCard(plan);
  }

  private cardFor(confirmation: PendingConfirmation): AdaptiveCard {
    const { plan } = confirmation;
    if (confirmation.state === 'sent' && confirmation.result) return resultCard(confirmation.result, plan);
    if (confirmation.state === 'failed') return failedCard(plan, confirmation.error ?? 'It failed.');
    if (confirmation.state === 'cancelled') return cancelledCard(plan);
    if (confirmation.state === 'sending') return sendingCard(plan);
    return this.options.confirmations.expired(confirmation) ? expiredCard() : confirmationCard(confirmation);
  }

  private async cancelOpen(conversationKey: string): Promise<string> {
    const open = await this.options.confirmations.open(conversationKey);
    for (const confirmation of open) await this.options.confirmations.cancel(confirmation.id);
    if (!open.length) return 'Nothing is waiting for your confirmation.';
    const names = open.map((c) => `"${c.plan.audioName}"`).join(', ');
    return `Cancelled ${open.length === 1 ? 'the send' : `${open.length} sends`} waiting for confirmation (${names}); nothing was sent.`;
  }

  private async status(conversationKey: string): Promise<string> {
    const { client } = this.options;
    const [health, token, open] = await Promise.all([
      client.system.health(),
      client.tokens.test(),
      this.options.confirmations.open(conversationKey),
    ]);
    const limit = client.rateLimit;
    return [
      `Musique API: **${health.status}** (${client.baseUrl})`,
      `Key permissions: ${token.permissions.join(', ') || 'none'}`,
      ...(limit ? [`Rate limit: ${limit.remaining} of ${limit.limit} requests left in this window`] : []),
      `Waiting for confirmation here: ${open.length}`,
    ].join('\n\n');
  }

  private async upload(
    message: IncomingMessage,
    name: string | undefined,
    conversationKey: string,
    chat: Relay,
  ): Promise<void> {
    const file = message.files[0];
    if (!file) return chat.say({ text: 'Attach the MP3 to the same message: "upload this as Summer Sale".' });
    if (!message.personal)
      return chat.say({
        text: 'Teams only gives me files in a personal chat: attach the MP3 to a message to me there.',
      });
    const max = this.options.maxUploadBytes ?? 20 * 1024 * 1024;
    const bytes = await downloadAttachment(file.url, max);
    if (bytes === 'too-large')
      return chat.say({
        text: `"${file.name}" is larger than ${Math.round(max / 1024 / 1024)} MB; upload a shorter or smaller MP3.`,
      });
    if (!looksLikeMp3(bytes))
      return chat.say({
        text: `"${file.name}" is not an MP3, so I did not upload it. Attach an .mp3 audio file.`,
      });
    const audioName = name ?? file.name.replace(/\.[^.]+$/, '');
    const uploaded = await this.options.client.audio.upload(
      {
        file: { filename: file.name, contentType: 'audio/mpeg', data: bytes, knownLength: bytes.length },
        name: audioName,
        category: PROMO_CATEGORY,
      },
      { idempotencyKey: messageKey('upload', conversationKey, message.messageId) },
    );
    return chat.say({
      text: `Uploaded "${uploaded.name}" (${Math.round(uploaded.duration)} s). Now say: send '${uploaded.name}' to store 42`,
    });
  }

  private async report(chat: Relay, error: unknown): Promise<void> {
    this.options.log?.('command failed', error);
    await chat
      .say({ text: explainError(error) })
      .catch((sayError) => this.options.log?.('could not report an error', sayError));
  }
}

/**
 * An idempotency key from the chat message, so a message the channel delivers twice acts once; without a
 * message id the core makes its own key per call.
 */
function messageKey(
  action: string,
  conversationKey: string,
  messageId: string | undefined,
): string | undefined {
  if (!messageId) return undefined;
  return `teams-${action}-${createHash('sha256').update(`${conversationKey}\n${messageId}`).digest('hex').slice(0, 40)}`;
}

/** The same button on the same card, for the same stores, sends once. */
function cardKey(action: CardAction, conversationKey: string, plan: PlannedSend): string | undefined {
  const card = `${action.cardId}\n${plan.audioId}\n${plan.externalIds.join(',')}`;
  return action.cardId ? messageKey('card', conversationKey, card) : undefined;
}

function needsConfirmation(plan: PlannedSend): boolean {
  return plan.all || plan.externalIds.length > 1;
}

function unknownStoresText(unknown: string[], known: string[] | undefined): string {
  const which = `${unknown.length === 1 ? 'store' : 'stores'} ${listStores(unknown.map((ref) => `"${ref}"`))}`;
  const hint = known?.length ? ` Stores are named like ${known.slice(0, 2).join(', ')}.` : '';
  return `I don't know ${which}, so nothing was sent.${hint}`;
}
