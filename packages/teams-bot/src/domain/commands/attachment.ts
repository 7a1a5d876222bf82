import { BotProblem } from '../errors.js';

/**
 * Downloads a chat attachment, stopping past `max` bytes without reading them all: then only its size (as the
 * channel says it, or as far as it was read) comes back, for the core's size check to refuse in its words.
 */
export async function downloadAttachment(
  url: string,
  max: number,
): Promise<Uint8Array | { tooLarge: number }> {
  const response = await fetch(url).catch(() => {
    throw new BotProblem('I could not download the attachment; send it again.');
  });
  if (!response.ok)
    throw new BotProblem(`I could not download the attachment (HTTP ${response.status}); send it again.`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) return { tooLarge: declared };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > max) return { tooLarge: size };
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
