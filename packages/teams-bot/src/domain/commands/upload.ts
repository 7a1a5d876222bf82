import { audioFileFromBytes, checkUploadSize, MAX_UPLOAD_BYTES } from '@musique/core';
import type { BotContext } from '../bot-context.js';
import { durationText } from '../cards/words.js';
import type { IncomingMessage } from '../conversation/conversation.js';
import type { Relay } from '../conversation/relay.js';
import { uploadKey } from '../conversation/retries.js';
import { downloadAttachment } from './attachment.js';
import { PROMO_CATEGORY } from './parse.js';

/**
 * "upload this as Summer Sale" with an audio file attached, in a personal chat. The size limit, the audio check
 * on the content (a renamed PDF is refused with no request) and the MIME type are the core's.
 */
export async function uploadCommand(
  bot: BotContext,
  message: IncomingMessage,
  name: string | undefined,
  conversationKey: string,
  chat: Relay,
): Promise<void> {
  const attached = message.files[0];
  if (!attached)
    return chat.say({ text: 'Attach the audio file to the same message: "upload this as Summer Sale".' });
  if (!message.personal)
    return chat.say({
      text: 'Teams only gives me files in a personal chat: attach the audio file to a message to me there.',
    });
  const bytes = await downloadAttachment(attached.url, MAX_UPLOAD_BYTES);
  if ('tooLarge' in bytes) checkUploadSize(bytes.tooLarge, `"${attached.name}"`);
  const file = audioFileFromBytes(bytes as Uint8Array, attached.name);
  const uploaded = await bot.client.audio.upload(
    { file, name: name ?? attached.name.replace(/\.[^.]+$/, ''), category: PROMO_CATEGORY },
    { idempotencyKey: uploadKey(conversationKey, message.messageId) },
  );
  return chat.say({
    text: `Uploaded "${uploaded.name}" (${durationText(uploaded.duration)}). Now say: send '${uploaded.name}' to store 42`,
  });
}
