import {
  type Audio,
  type MusiqueClient,
  resolveAudioReference,
  type UploadedAudio,
  ValidationError,
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
  const { audio, candidates } = await resolveAudioReference(client, reference);
  if (audio) return audio;
  if (candidates.length === 0)
    throw new ValidationError({
      code: 'not_found',
      param: 'audio',
      type: 'validation_error',
      message: `No audio is named "${reference}". Pick it from the Audio list, or map its Audio ID from an earlier step.`,
    });
  const names = candidates.slice(0, 5).map((one) => `"${one.name}" (${one.audioId})`);
  throw new ValidationError({
    code: 'ambiguous_audio',
    param: 'audio',
    type: 'validation_error',
    message: `"${reference}" matches ${candidates.length} audio files: ${names.join(', ')}. Pick one from the Audio list or map its Audio ID.`,
  });
}
