import type { Audio, UploadedAudio } from '@musique/core';
import type { ZObject } from 'zapier-platform-core';
import { downloadAudio } from './hydrators.js';

/** An audio file as every trigger, action and search hands it to later steps. */
export type ZapierAudio = (Audio | (UploadedAudio & Partial<Pick<Audio, 'description' | 'category'>>)) & {
  /** Zapier's key for deduplication: the audio id, which never changes. */
  id: string;
  /** The MP3 itself, fetched only if a later step needs its content. */
  file: string;
};

export function toZapierAudio(z: ZObject, audio: Audio | UploadedAudio): ZapierAudio {
  return { id: audio.audioId, ...audio, file: z.dehydrateFile(downloadAudio, { url: audio.url }) };
}

/** For dropdowns: no file to dehydrate, a label that tells promos with the same name apart. */
export function toAudioChoice(audio: Audio): { id: string; name: string; category: string | null } {
  const details = [audio.category, `${Math.round(audio.duration)} s`, audio.createdAt.slice(0, 10)].filter(
    Boolean,
  );
  return { id: audio.audioId, name: `${audio.name} (${details.join(', ')})`, category: audio.category };
}

export const audioSample = {
  id: 'aud_9x8y7z6w5v4u3t',
  audioId: 'aud_9x8y7z6w5v4u3t',
  name: 'Summer Sale',
  description: 'Summer sale: 20% off all swimwear this weekend',
  category: 'promotion',
  url: 'https://cdn.musique.app/audio/aud_9x8y7z6w5v4u3t.mp3',
  duration: 14.6,
  size: 233600,
  format: 'mp3',
  createdAt: '2026-06-01T09:30:00Z',
  stats: { timesPlayed: 47, lastPlayedAt: '2026-06-02T14:22:00Z', totalRecipients: 12 },
  file: 'https://cdn.musique.app/audio/aud_9x8y7z6w5v4u3t.mp3',
};

export const audioOutputFields = [
  { key: 'id', label: 'Audio ID', type: 'string' },
  { key: 'name', label: 'Name', type: 'string' },
  { key: 'description', label: 'Description', type: 'string' },
  { key: 'category', label: 'Category', type: 'string' },
  { key: 'file', label: 'Audio File', type: 'file' },
  { key: 'url', label: 'Audio URL', type: 'string' },
  { key: 'duration', label: 'Length (seconds)', type: 'number' },
  { key: 'size', label: 'File Size (bytes)', type: 'integer' },
  { key: 'format', label: 'Format', type: 'string' },
  { key: 'createdAt', label: 'Uploaded At', type: 'datetime' },
  { key: 'stats__timesPlayed', label: 'Times Played', type: 'integer' },
  { key: 'stats__lastPlayedAt', label: 'Last Played At', type: 'datetime' },
  { key: 'stats__totalRecipients', label: 'Stores Reached', type: 'integer' },
] as const;

/** The category filter triggers and searches share. */
export const categoryFilterField = {
  key: 'category',
  label: 'Category',
  type: 'string',
  required: false,
  helpText:
    'Only audio of this category, such as `promotion`, `announcement` or `emergency` (not case sensitive). Leave blank for all audio.',
} as const;
