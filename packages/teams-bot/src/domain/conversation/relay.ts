import type { Conversation, OutgoingMessage } from './conversation.js';

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
