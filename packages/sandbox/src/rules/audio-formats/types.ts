export type AudioFormat = 'mp3' | 'wav' | 'ogg' | 'aac';

export interface AudioInfo {
  format: AudioFormat;
  /** Seconds. */
  duration: number;
}

/** Why the bytes are not playable audio; the upload answers it as `invalid_format`. */
export class NotAudioError extends Error {}
