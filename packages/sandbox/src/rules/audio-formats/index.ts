import { isAdtsHeader, parseAac } from './aac.js';
import { id3v2Size, parseMp3 } from './mp3.js';
import { parseOgg } from './ogg.js';
import { type AudioInfo, NotAudioError } from './types.js';
import { parseWav } from './wav.js';

export { type AudioFormat, type AudioInfo, NotAudioError } from './types.js';

/** Recognises MP3, WAV, OGG and AAC from the bytes (never the name) and measures the duration. */
export function analyzeAudio(bytes: Uint8Array): AudioInfo {
  if (bytes.length === 0) throw new NotAudioError('The file is empty.');
  const text = (offset: number, length: number) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', offset, offset + length);
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WAVE') return parseWav(bytes);
  if (text(0, 4) === 'OggS') return parseOgg(bytes);
  const afterTags = id3v2Size(bytes);
  if (isAdtsHeader(bytes, afterTags)) return parseAac(bytes, afterTags);
  if (afterTags > 0 || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)) return parseMp3(bytes);
  throw new NotAudioError(
    'The file is not audio: expected MP3, WAV, OGG or AAC data, whatever its name says.',
  );
}
