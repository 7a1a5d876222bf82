import { BotProblem } from '../errors.js';

/** Downloads a chat attachment, refusing more than `max` bytes without reading them all. */
export async function downloadAttachment(url: string, max: number): Promise<Uint8Array | 'too-large'> {
  const response = await fetch(url).catch(() => {
    throw new BotProblem('I could not download the attachment; send it again.');
  });
  if (!response.ok)
    throw new BotProblem(`I could not download the attachment (HTTP ${response.status}); send it again.`);
  if (Number(response.headers.get('content-length') ?? 0) > max) return 'too-large';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > max) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
