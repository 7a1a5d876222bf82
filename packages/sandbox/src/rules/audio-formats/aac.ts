import { type AudioInfo, NotAudioError } from './types.js';

const sampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export const isAdtsHeader = (bytes: Uint8Array, offset: number) =>
  offset + 7 <= bytes.length && bytes[offset] === 0xff && (bytes[offset + 1]! & 0xf6) === 0xf0;

/** Walks the ADTS frames: each raw data block is 1,024 samples; a cut-off last frame is refused. */
export function parseAac(bytes: Uint8Array, start = 0): AudioInfo {
  let offset = start;
  let samples = 0;
  let sampleRate = 0;
  while (offset < bytes.length) {
    if (!isAdtsHeader(bytes, offset)) throw new NotAudioError(`The AAC data is damaged at byte ${offset}.`);
    const rate = sampleRates[(bytes[offset + 2]! >> 2) & 0x0f];
    const length =
      ((bytes[offset + 3]! & 0x03) << 11) | (bytes[offset + 4]! << 3) | (bytes[offset + 5]! >> 5);
    if (!rate || length < 7) throw new NotAudioError(`The AAC frame at byte ${offset} is invalid.`);
    if (offset + length > bytes.length) {
      throw new NotAudioError(
        `The AAC is truncated: its last frame needs ${offset + length - bytes.length} more bytes.`,
      );
    }
    sampleRate ||= rate;
    samples += ((bytes[offset + 6]! & 0x03) + 1) * 1024;
    offset += length;
  }
  if (samples === 0) throw new NotAudioError('The AAC file holds no audio frames.');
  return { format: 'aac', duration: Math.round((samples / sampleRate) * 1000) / 1000 };
}
