import type { OutgoingMessage } from '../domain/conversation/conversation.js';

/**
 * The bot's messages as the activities both hosts send (teams-ai's botbuilder and the Teams SDK speak the same
 * JSON); the way in, an activity to the domain's message, is the domain's (domain/conversation/activity.ts).
 */

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface MessageActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown';
  summary?: string;
  attachments?: { contentType: string; content: unknown }[];
}

export function messageActivity(message: OutgoingMessage): MessageActivity {
  if ('text' in message) return { type: 'message', text: message.text, textFormat: 'markdown' };
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD, content: message.card }],
    ...(message.summary ? { summary: message.summary } : {}),
  };
}

/** Where a conversation's reference is kept, for posts after its turn (on any instance). */
export const referenceKey = (conversationId: string) => `conversation-reference:${conversationId}`;

export const TURN_FAILED = 'Something went wrong on my side; the bot admin can find the details in its log.';
