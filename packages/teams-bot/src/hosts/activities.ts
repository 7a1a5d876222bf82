import type { IncomingFile, OutgoingMessage } from '../domain/conversation/conversation.js';

/**
 * The Bot Framework activity shapes both hosts share (teams-ai's botbuilder and the Teams SDK speak the same
 * JSON): the bot's messages as activities and an activity's attachments as files.
 */

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
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

export interface AttachmentLike {
  contentType: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

/** Teams gives files in personal chats as download-info attachments; other channels give a `contentUrl`. */
export function filesOf(attachments: readonly AttachmentLike[]): IncomingFile[] {
  const files: IncomingFile[] = [];
  for (const attachment of attachments) {
    if (attachment.contentType === FILE_DOWNLOAD_INFO) {
      const content = attachment.content as { downloadUrl?: string; fileType?: string } | undefined;
      if (content?.downloadUrl) {
        files.push({
          name: attachment.name ?? `upload.${content.fileType ?? 'mp3'}`,
          url: content.downloadUrl,
        });
      }
    } else if (attachment.contentUrl && !attachment.contentType.startsWith('text/')) {
      files.push({
        name: attachment.name ?? 'upload.mp3',
        url: attachment.contentUrl,
        contentType: attachment.contentType,
      });
    }
  }
  return files;
}

/** Where a conversation's reference is kept, for posts after its turn (on any instance). */
export const referenceKey = (conversationId: string) => `conversation-reference:${conversationId}`;

export const TURN_FAILED = 'Something went wrong on my side; the bot admin can find the details in its log.';
