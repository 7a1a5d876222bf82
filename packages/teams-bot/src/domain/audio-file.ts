import { BotProblem } from './errors.js';

/**
 * Checks that bytes are MPEG audio (an MP3) before they are uploaded: a renamed PDF or an HTML error page
 * is refused here, with words the user understands, instead of by the API.
 */
export function looksLikeMp3(bytes: Uint8Array): boolean {
  let offset = skipId3(bytes);
  // Some encoders pad between the tag and the first frame.
  while (offset < bytes.length && bytes[offset] === 0 && offset < 4096) offset++;
  let frames = 0;
  while (frames < 3) {
    const length = frameLength(bytes, offset);
    if (length === undefined) return false;
    frames++;
    offset += length;
    // A very short file may hold fewer than three frames; ending exactly on a frame boundary is fine.
    if (offset >= bytes.length) return offset === bytes.length || frames >= 2;
  }
  return true;
}

function skipId3(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size =
    ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  const footer = bytes[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES = [44100, 48000, 32000];

/** The length of the Layer III frame at `offset`, or undefined when no valid frame header is there. */
function frameLength(bytes: Uint8Array, offset: number): number | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
  const layer = (b1 >> 1) & 0x03; // 1 = Layer III
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return undefined;
  const mpeg1 = version === 3;
  const bitrate = (mpeg1 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex]! * 1000;
  const sampleRate = SAMPLE_RATES[rateIndex]! / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const padding = (b2 >> 1) & 0x01;
  return Math.floor(((mpeg1 ? 144 : 72) * bitrate) / sampleRate) + padding;
}

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
