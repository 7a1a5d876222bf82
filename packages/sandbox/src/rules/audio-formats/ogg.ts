import { type AudioInfo, NotAudioError } from './types.js';

/** Walks the Ogg pages: the duration is the last granule position over the codec's sample rate. */
export function parseOgg(bytes: Uint8Array): AudioInfo {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let offset = 0;
  let sampleRate = 0;
  let preSkip = 0;
  let lastGranule = 0n;
  while (offset < view.length) {
    if (offset + 27 > view.length || view.toString('latin1', offset, offset + 4) !== 'OggS') {
      throw new NotAudioError(`The Ogg file is damaged or truncated at byte ${offset}.`);
    }
    const segments = view[offset + 26]!;
    const tableEnd = offset + 27 + segments;
    if (tableEnd > view.length) throw new NotAudioError('The Ogg file is truncated inside a page header.');
    let bodySize = 0;
    for (let i = offset + 27; i < tableEnd; i++) bodySize += view[i]!;
    if (tableEnd + bodySize > view.length) {
      throw new NotAudioError(
        `The Ogg file is truncated: its last page needs ${tableEnd + bodySize - view.length} more bytes.`,
      );
    }
    if (sampleRate === 0) {
      const packet = view.subarray(tableEnd, tableEnd + bodySize);
      if (packet.toString('latin1', 1, 7) === 'vorbis' && packet[0] === 1)
        sampleRate = packet.readUInt32LE(12);
      else if (packet.toString('latin1', 0, 8) === 'OpusHead') {
        sampleRate = 48000; // Opus granules always count 48 kHz samples
        preSkip = packet.readUInt16LE(10);
      } else throw new NotAudioError('The Ogg file holds neither Vorbis nor Opus audio.');
    }
    const granule = view.readBigInt64LE(offset + 6);
    if (granule > 0n) lastGranule = granule;
    offset = tableEnd + bodySize;
  }
  const samples = Number(lastGranule) - preSkip;
  if (sampleRate === 0 || samples <= 0) throw new NotAudioError('The Ogg file holds no audio.');
  return { format: 'ogg', duration: Math.round((samples / sampleRate) * 1000) / 1000 };
}
