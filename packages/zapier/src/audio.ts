import {
  type Audio,
  type MusiqueClient,
  refusalError,
  resolveAudio,
  type UploadedAudio,
} from '@musique/core';
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

/**
 * The one audio an Audio field means (an ID from the dropdown, or a typed or mapped name), by the core's rule;
 * a name that matches none or several is refused with the names to choose from, before anything is sent.
 */
export async function audioOf(client: MusiqueClient, reference: string): Promise<Audio> {
  const resolved = await resolveAudio(client, reference);
  if (resolved.ok) return resolved.audio;
  const { refusal } = resolved;
  throw refusalError({
    ...refusal,
    message: `${refusal.message} Pick it from the Audio list, or map its Audio ID from an earlier step.`,
  });
}
