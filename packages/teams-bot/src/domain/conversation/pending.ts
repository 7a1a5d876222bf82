import { randomUUID } from 'node:crypto';
import type { Send, SendPlan } from '@musique/core';
import type { BotStorage } from './storage.js';

/** What a finished send reports on the result card. */
export interface SendSummary {
  sendId: string;
  audioName: string;
  status: Send['status'];
  scheduleAt: string | null;
  destinations: { externalId: string; status: string }[];
  /** What the answer says beside the facts: a time within the grace that played now. */
  notes?: string[];
}

export type ConfirmationState = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** A send the core's plan wants confirmed, kept (as JSON) until its card's "Send" click; its id is the retry. */
export interface PendingConfirmation {
  id: string;
  conversationKey: string;
  plan: SendPlan;
  state: ConfirmationState;
  createdAt: string;
  result?: SendSummary;
  error?: string;
}

export type Claim =
  | { kind: 'claimed'; confirmation: PendingConfirmation }
  /** Clicked before: the card shows what became of it, nothing is sent again. */
  | { kind: 'settled'; confirmation: PendingConfirmation }
  | { kind: 'missing' };

const TTL_MS = 24 * 60 * 60_000;

/** Confirmations kept in `BotStorage`; a click claims one exactly once, however often it arrives. */
export class PendingConfirmations {
  constructor(
    private readonly storage: BotStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async create(conversationKey: string, plan: SendPlan): Promise<PendingConfirmation> {
    const confirmation: PendingConfirmation = {
      id: `tb_${randomUUID()}`,
      conversationKey,
      plan,
      state: 'pending',
      createdAt: new Date(this.now()).toISOString(),
    };
    await this.storage.set(key(confirmation.id), confirmation);
    await this.storage.update<string[]>(openKey(conversationKey), (ids = []) => [...ids, confirmation.id]);
    return confirmation;
  }

  get(id: string): Promise<PendingConfirmation | undefined> {
    return this.storage.get(key(id));
  }

  /** Moves a pending confirmation to `sending`; only the first caller gets `claimed`. */
  async claim(id: string): Promise<Claim> {
    let claimed = false;
    // The change may run again after another instance won a race, so it decides afresh each time.
    const confirmation = await this.storage.update<PendingConfirmation>(key(id), (current) => {
      claimed = current?.state === 'pending' && !this.expired(current);
      return current && claimed ? { ...current, state: 'sending' } : current;
    });
    if (!confirmation) return { kind: 'missing' };
    if (claimed) await this.forget(confirmation);
    return { kind: claimed ? 'claimed' : 'settled', confirmation };
  }

  async settle(id: string, outcome: { result: SendSummary } | { error: string }): Promise<void> {
    await this.storage.update<PendingConfirmation>(
      key(id),
      (current) =>
        current &&
        ('result' in outcome
          ? { ...current, state: 'sent', ...outcome }
          : { ...current, state: 'failed', ...outcome }),
    );
  }

  /** Cancels one confirmation if it is still pending; returns it as it now is. */
  async cancel(id: string): Promise<PendingConfirmation | undefined> {
    const confirmation = await this.storage.update<PendingConfirmation>(key(id), (current) =>
      current?.state === 'pending' ? { ...current, state: 'cancelled' } : current,
    );
    if (confirmation) await this.forget(confirmation);
    return confirmation;
  }

  /** Every confirmation of a conversation still waiting for its click. */
  async open(conversationKey: string): Promise<PendingConfirmation[]> {
    const ids = (await this.storage.get<string[]>(openKey(conversationKey))) ?? [];
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter((c): c is PendingConfirmation => c?.state === 'pending' && !this.expired(c));
  }

  expired(confirmation: PendingConfirmation): boolean {
    return this.now() - Date.parse(confirmation.createdAt) > TTL_MS;
  }

  private async forget(confirmation: PendingConfirmation): Promise<void> {
    await this.storage.update<string[]>(openKey(confirmation.conversationKey), (ids = []) => {
      const left = ids.filter((id) => id !== confirmation.id);
      return left.length ? left : undefined;
    });
  }
}

const key = (id: string) => `confirmation:${id}`;
const openKey = (conversationKey: string) => `open-confirmations:${conversationKey}`;

export function summariseSend(send: Send, audioName: string, notes: readonly string[] = []): SendSummary {
  return {
    sendId: send.sendId,
    audioName,
    status: send.status,
    scheduleAt: send.scheduleAt,
    destinations: send.destinations.map(({ externalId, status }) => ({ externalId, status })),
    ...(notes.length ? { notes: [...notes] } : {}),
  };
}
