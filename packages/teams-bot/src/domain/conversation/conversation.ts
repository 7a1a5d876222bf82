import type { AdaptiveCard } from '../cards/adaptive-card.js';

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
