import type { Conversation, OutgoingMessage } from './bot.js';

/** Stores the work left running after a turn, so `idle()` can wait for it (shutdown, tests). */
export class Background {
  private readonly running = new Set<Promise<unknown>>();

  add(work: Promise<unknown>): void {
    // Settled either way, so work nobody awaits can never be an unhandled rejection.
    const tracked: Promise<void> = work.then(
      () => {},
      () => {},
    );
    void tracked.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

/** Replies in the turn while it is open, then proactively. */
export class Relay {
  private turnOpen = true;
  private waitNoted = false;

  constructor(private readonly conversation: Conversation) {}

  say(message: OutgoingMessage): Promise<void> {
    return this.turnOpen ? this.conversation.reply(message) : this.conversation.post(message);
  }

  close(): void {
    this.turnOpen = false;
  }

  noteWait(ms: number): Promise<void> {
    if (this.waitNoted) return Promise.resolve();
    this.waitNoted = true;
    return this.say({
      text: `The Musique API is rate limiting this bot; retrying in ${Math.ceil(ms / 1000)} s.`,
    });
  }
}

/** Resolves true when `work` settles first, false when `ms` pass first. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
