import { downloadAttachment, looksLikeMp3 } from './audio-file.js';
import type { BotContext } from './bot-context.js';
import { PROMO_CATEGORY } from './commands.js';
import type { IncomingMessage } from './conversation.js';
import { messageKey } from './idempotency-keys.js';
import type { Relay } from './relay.js';

/** "upload this as Summer Sale" with an MP3 attached, in a personal chat. */
export async function uploadCommand(
  bot: BotContext,
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
  const max = bot.maxUploadBytes ?? 20 * 1024 * 1024;
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
  const uploaded = await bot.client.audio.upload(
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
