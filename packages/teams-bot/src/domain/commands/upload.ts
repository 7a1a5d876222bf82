import { type AudioFormat, detectAudioFormat, MAX_UPLOAD_BYTES } from '@musique/core';
import type { BotContext } from '../bot-context.js';
import { durationText, lowerFirst } from '../cards/card-words.js';
import type { IncomingMessage } from '../conversation/conversation.js';
import type { Relay } from '../conversation/relay.js';
import { messageKey } from '../send/idempotency-keys.js';
import { downloadAttachment } from './attachment.js';
import { FILE_RULE } from './chat-surface.js';
import { PROMO_CATEGORY } from './parse.js';

const CONTENT_TYPES: Record<AudioFormat, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
};

/** "upload this as Summer Sale" with an audio file attached, in a personal chat. */
export async function uploadCommand(
  bot: BotContext,
  message: IncomingMessage,
  name: string | undefined,
  conversationKey: string,
  chat: Relay,
): Promise<void> {
  const file = message.files[0];
  if (!file)
    return chat.say({ text: 'Attach the audio file to the same message: "upload this as Summer Sale".' });
  if (!message.personal)
    return chat.say({
      text: 'Teams only gives me files in a personal chat: attach the audio file to a message to me there.',
    });
  const max = bot.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const bytes = await downloadAttachment(file.url, max);
  if (bytes === 'too-large')
    return chat.say({
      text: `"${file.name}" is larger than ${Math.round(max / 1024 / 1024)} MB; upload a shorter or smaller file.`,
    });
  // The core's check, on the content rather than the name: a renamed PDF is refused here, with no request.
  const format = bytes.length ? detectAudioFormat(bytes) : null;
  if (!format)
    return chat.say({
      text: `"${file.name}" is not audio, so I did not upload it. Attach ${lowerFirst(FILE_RULE)}`,
    });
  const uploaded = await bot.client.audio.upload(
    {
      file: {
        filename: file.name,
        contentType: CONTENT_TYPES[format],
        data: bytes,
        knownLength: bytes.length,
      },
      name: name ?? file.name.replace(/\.[^.]+$/, ''),
      category: PROMO_CATEGORY,
    },
    { idempotencyKey: messageKey('uploadAudio', conversationKey, message.messageId) },
  );
  return chat.say({
    text: `Uploaded "${uploaded.name}" (${durationText(uploaded.duration)}). Now say: send '${uploaded.name}' to store 42`,
  });
}
