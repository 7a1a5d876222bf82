import { type AudioInfo, NotAudioError } from './types.js';

interface FrameHeader {
  version: 1 | 2 | 25;
  layer: 1 | 2 | 3;
  sampleRate: number;
  samplesPerFrame: number;
  length: number;
  mono: boolean;
}

const bitrates: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const sampleRates = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] };

/** Reads an MPEG audio frame header at `offset`; null if there is none (free-format frames are refused). */
export function readFrameHeader(bytes: Uint8Array, offset: number): FrameHeader | null {
  if (offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 0x03;
  const layerBits = (b1 >> 1) & 0x03;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return null;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 25;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrate = bitrates[`${version === 1 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = sampleRates[version][rateIndex]!;
  const padding = (b2 >> 1) & 0x01;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor(((samplesPerFrame / 8) * bitrate) / sampleRate) + padding;
  const mono = bytes[offset + 3]! >> 6 === 3;
  return { version, layer, sampleRate, samplesPerFrame, length, mono };
}

/** Size of the ID3v2 tags at the start of the file (several may be chained). */
export function id3v2Size(bytes: Uint8Array, offset = 0): number {
  let at = offset;
  while (at + 10 <= bytes.length && bytes[at] === 0x49 && bytes[at + 1] === 0x44 && bytes[at + 2] === 0x33) {
    const size =
      ((bytes[at + 6]! & 0x7f) << 21) |
      ((bytes[at + 7]! & 0x7f) << 14) |
      ((bytes[at + 8]! & 0x7f) << 7) |
      (bytes[at + 9]! & 0x7f);
    const footer = bytes[at + 5]! & 0x10 ? 10 : 0;
    at += 10 + size + footer;
  }
  return at - offset;
}

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  Buffer.from(
    bytes.buffer,
    bytes.byteOffset + offset,
    Math.max(0, Math.min(length, bytes.length - offset)),
  ).toString('latin1');

/** Bytes at the end that are tags, not frames: ID3v1 and APEv2. */
function trailingTagStart(bytes: Uint8Array): number {
  let end = bytes.length;
  if (end >= 128 && ascii(bytes, end - 128, 3) === 'TAG') end -= 128;
  if (end >= 32 && ascii(bytes, end - 32, 8) === 'APETAGEX') {
    const size = Buffer.from(bytes.buffer, bytes.byteOffset + end - 20, 4).readUInt32LE(0);
    end = Math.max(0, end - size - 32);
  }
  return end;
}

/** The frame count a Xing/Info or VBRI header declares, if the first frame is one. */
function declaredFrames(bytes: Uint8Array, offset: number, header: FrameHeader): number | null {
  const sideInfo = header.version === 1 ? (header.mono ? 17 : 32) : header.mono ? 9 : 17;
  const xing = offset + 4 + sideInfo;
  const tag = ascii(bytes, xing, 4);
  if ((tag === 'Xing' || tag === 'Info') && xing + 12 <= bytes.length) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    return view.readUInt32BE(xing + 4) & 0x01 ? view.readUInt32BE(xing + 8) : -1;
  }
  if (ascii(bytes, offset + 36, 4) === 'VBRI' && offset + 54 <= bytes.length) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32BE(offset + 50);
  }
  return null;
}

/** Walks every MPEG frame: the duration comes from the frames, and a cut-off last frame is refused. */
export function parseMp3(bytes: Uint8Array): AudioInfo {
  const start = id3v2Size(bytes);
  const end = trailingTagStart(bytes);
  const first = readFrameHeader(bytes, start);
  if (!first) throw new NotAudioError('No MPEG audio frame where the MP3 data should start.');

  let offset = start;
  let frames = 0;
  let infoFrame: number | null = null;
  while (offset < end) {
    const header = readFrameHeader(bytes, offset);
    if (!header || header.sampleRate !== first.sampleRate || header.layer !== first.layer) {
      // Some encoders pad the end with zeros; anything else is damage.
      if (bytes.subarray(offset, end).every((byte) => byte === 0)) break;
      throw new NotAudioError(`The MP3 data is damaged at byte ${offset}: no MPEG frame there.`);
    }
    if (offset + header.length > end) {
      throw new NotAudioError(
        `The MP3 is truncated: its last frame needs ${offset + header.length - end} more bytes. Upload the complete file.`,
      );
    }
    if (frames === 0) infoFrame = declaredFrames(bytes, offset, header);
    frames++;
    offset += header.length;
  }

  const audioFrames = infoFrame === null ? frames : frames - 1;
  if (infoFrame !== null && infoFrame > 0 && audioFrames < infoFrame) {
    throw new NotAudioError(
      `The MP3 is truncated: its header declares ${infoFrame} frames but only ${audioFrames} are present. Upload the complete file.`,
    );
  }
  if (audioFrames < 1) throw new NotAudioError('The MP3 holds no audio frames.');
  const duration = (audioFrames * first.samplesPerFrame) / first.sampleRate;
  return { format: 'mp3', duration: Math.round(duration * 1000) / 1000 };
}
