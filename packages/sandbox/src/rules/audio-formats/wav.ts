import { type AudioInfo, NotAudioError } from './types.js';

/** Duration from the RIFF header: data bytes over bytes per second; the data chunk must be complete. */
export function parseWav(bytes: Uint8Array): AudioInfo {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= view.length) {
    const id = view.toString('latin1', offset, offset + 4);
    const size = view.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > view.length)
        throw new NotAudioError('The WAV format chunk is incomplete.');
      byteRate = view.readUInt32LE(body + 8);
    } else if (id === 'data') {
      if (byteRate === 0) throw new NotAudioError('The WAV file has no valid format chunk before its data.');
      if (body + size > view.length) {
        throw new NotAudioError(
          `The WAV is truncated: its data chunk declares ${size} bytes but only ${view.length - body} are present.`,
        );
      }
      if (size === 0) throw new NotAudioError('The WAV file holds no audio data.');
      return { format: 'wav', duration: Math.round((size / byteRate) * 1000) / 1000 };
    }
    offset = body + size + (size % 2);
  }
  throw new NotAudioError('The WAV file has no data chunk.');
}
