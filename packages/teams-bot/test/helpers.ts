import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MusiqueClient } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type Activity, type ConversationReference, TestAdapter, TurnContext } from 'botbuilder';
import { type AssembledBot, assembleBot, type BotOptions } from '../src/bot-setup.js';
import type { AdaptiveCard } from '../src/domain/cards/cards.js';

export const fixture = (name: string) => readFileSync(join(__dirname, '../../../shared/fixtures', name));

export function startTestSandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 1000 }, ...options });
}

export function clientFor(sandbox: Sandbox, apiKey = sandbox.apiKey): MusiqueClient {
  return new MusiqueClient({ apiKey, baseUrl: sandbox.baseUrl });
}

/** What is in a store's player: now playing, queued and played, by audio name. */
export async function playerAudioNames(sandbox: Sandbox, externalId: string): Promise<string[]> {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history]
    .filter((item) => item !== null)
    .map((item) => item.name);
}

/**
 * The Teams test adapter with proactive messages: botbuilder's TestAdapter cannot continue a conversation,
 * so here a proactive turn is a fresh context whose replies land in the same queue.
 */
class ProactiveTestAdapter extends TestAdapter {
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: unknown,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = (typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic) as (
      context: TurnContext,
    ) => Promise<void>;
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'proactive' },
      reference,
      true,
    );
    await logic(new TurnContext(this, activity));
  }
}

/** A personal chat (or a channel) with the bot through botbuilder's TestAdapter. */
export class TestChat {
  readonly adapter: ProactiveTestAdapter;
  readonly assembled: AssembledBot;

  constructor(options: BotOptions, template: Partial<Activity> = {}) {
    this.assembled = assembleBot({ log: () => {}, ...options });
    this.adapter = new ProactiveTestAdapter((context) => this.assembled.teams.run(context), {
      channelId: 'msteams',
      conversation: { id: 'a:personal-chat-1', conversationType: 'personal', isGroup: false, name: '' },
      localTimezone: 'Europe/Paris',
      ...template,
    } as Partial<Activity>);
  }

  /** Sends a message; returns the bot's replies to it. */
  async say(text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity({ type: 'message', text, ...extra });
    return this.drain();
  }

  /** Clicks an `Action.Execute` button; returns the invoke response's body (a card or a message). */
  async click(
    verb: string,
    data: object,
    cardId?: string,
  ): Promise<{ type: string; value: AdaptiveCard | string }> {
    await this.adapter.processActivity({
      type: 'invoke',
      ...(cardId ? { replyToId: cardId } : {}),
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const replies = this.drain();
    const response = replies.find((activity) => activity.type === 'invokeResponse');
    if (!response) throw new Error(`no invoke response; got ${JSON.stringify(replies)}`);
    const { status, body } = response.value as {
      status: number;
      body: { type: string; value: AdaptiveCard | string };
    };
    if (status !== 200) throw new Error(`invoke answered ${status}`);
    return { type: body.type, value: body.value };
  }

  /** Replies posted so far, oldest first, removed from the queue. */
  drain(): Partial<Activity>[] {
    // Typing indicators are not replies (see ChannelService.take).
    return this.adapter.activeQueue.splice(0).filter((activity) => activity.type !== 'typing');
  }

  /** Waits for background work, then returns what it posted. */
  async posted(): Promise<Partial<Activity>[]> {
    await this.assembled.bot.idle();
    return this.drain();
  }
}

/** The Adaptive Card an activity carries, or undefined. */
export function cardOf(activity: Partial<Activity> | undefined): AdaptiveCard | undefined {
  const attachment = activity?.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment?.content as AdaptiveCard | undefined;
}

/** Every text in a card, flattened: enough to assert what a user reads. */
export function cardText(card: AdaptiveCard | string | undefined): string {
  if (typeof card === 'string') return card;
  const texts: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof record[key] === 'string') texts.push(record[key] as string);
    }
    for (const value of Object.values(record)) if (typeof value === 'object') visit(value);
  };
  visit(card);
  return texts.join('\n');
}

/** The `Action.Execute` buttons of a card (in its actions and in nested action sets). */
export function buttonsOf(
  card: AdaptiveCard | undefined,
): { title: string; verb: string; data: Record<string, unknown> }[] {
  const buttons: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') {
      buttons.push({
        title: String(record.title),
        verb: String(record.verb),
        data: record.data as Record<string, unknown>,
      });
    }
    for (const value of Object.values(record)) if (typeof value === 'object') visit(value);
  };
  visit(card);
  return buttons;
}

export function textOf(activities: Partial<Activity>[]): string {
  return activities.map((activity) => activity.text ?? cardText(cardOf(activity))).join('\n');
}
