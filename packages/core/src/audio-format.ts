export type AudioFormat = 'mp3' | 'wav' | 'ogg' | 'aac';

/**
 * What the first bytes of a file say it is, or null when they are no audio the API takes. A cheap check, made
 * before an upload so a renamed document is refused without a request; the API still reads the whole file.
 */
export function detectAudioFormat(head: Uint8Array): AudioFormat | null {
  const text = (offset: number, length: number) =>
    String.fromCharCode(...head.subarray(offset, offset + length));
  if (text(0, 4) === 'RIFF' && text(8, 4) === 'WAVE') return 'wav';
  if (text(0, 4) === 'OggS') return 'ogg';
  if (text(0, 4) === 'ADIF') return 'aac';
  if (text(0, 3) === 'ID3') return 'mp3';
  const [first = 0, second = 0] = head;
  if (first !== 0xff || (second & 0xe0) !== 0xe0) return null;
  // An MPEG sync word: layer bits 00 are AAC's ADTS, anything else an MP3 frame.
  return (second & 0x06) === 0 ? 'aac' : 'mp3';
}

/** The MIME type of each format the API takes, the one map every surface uses to label an upload or a file. */
export const AUDIO_CONTENT_TYPES: Readonly<Record<AudioFormat, string>> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
};

/** The MIME type a file name's extension names (`promo.MP3` → audio/mpeg), or undefined for any other. */
export function contentTypeOf(filename: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return extension in AUDIO_CONTENT_TYPES ? AUDIO_CONTENT_TYPES[extension as AudioFormat] : undefined;
}
