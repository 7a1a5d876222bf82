import type { CardAction, IncomingFile, IncomingMessage } from './conversation.js';

/**
 * The one mapping of a Bot Framework activity into the domain, for both hosts: teams-ai's botbuilder and the
 * Teams SDK hand over the same JSON (typed differently), so each passes its activity here and both read the
 * text, the chat kind, the files, the ids and the person's time zone the same way.
 */
export interface ActivityLike {
  id?: string;
  text?: string;
  replyToId?: string;
  conversation?: { conversationType?: string };
  /** Teams' `localTimezone` on messages; the `clientInfo` entity carries it too (and on card clicks). */
  localTimezone?: string;
  entities?: readonly object[];
  attachments?: readonly AttachmentLike[];
  value?: unknown;
}

export interface AttachmentLike {
  contentType: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** A message activity as the domain's message. */
export function incomingMessageOf(activity: ActivityLike): IncomingMessage {
  const timeZone = timeZoneOf(activity);
  return {
    text: activity.text ?? '',
    // Agents Playground, the Emulator and Web Chat leave the type out; their chats are one-to-one.
    personal: (activity.conversation?.conversationType ?? 'personal') === 'personal',
    ...(timeZone ? { timeZone } : {}),
    files: filesOf(activity.attachments ?? []),
    ...(activity.id ? { messageId: activity.id } : {}),
  };
}

/** An `adaptiveCard/action` invoke (an `Action.Execute` click) as the domain's card action. */
export function cardActionOf(activity: ActivityLike): CardAction {
  const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const data = action?.data;
  const timeZone = timeZoneOf(activity);
  return {
    verb: typeof action?.verb === 'string' ? action.verb : '',
    data: data && typeof data === 'object' ? (data as Record<string, unknown>) : {},
    ...(activity.replyToId ? { cardId: activity.replyToId } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** Teams sends the person's IANA zone as `localTimezone` and as `timezone` in the `clientInfo` entity. */
export function timeZoneOf(activity: ActivityLike): string | undefined {
  if (activity.localTimezone) return activity.localTimezone;
  const clientInfo = activity.entities?.find(
    (entity): entity is { type: string; timezone?: unknown } =>
      (entity as { type?: unknown }).type === 'clientInfo',
  );
  return typeof clientInfo?.timezone === 'string' && clientInfo.timezone ? clientInfo.timezone : undefined;
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

/** The bot itself was added to the conversation: the moment to say what it does. */
export const addsTheBot = (activity: {
  recipient?: { id?: string };
  membersAdded?: readonly { id?: string }[];
}) => Boolean(activity.membersAdded?.some((member) => member.id === activity.recipient?.id));
