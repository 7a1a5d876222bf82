import type { MusiqueClient } from '../client.js';
import { NotFoundError } from '../errors.js';
import type { Audio } from '../types.js';
import { refused, type SendRefusal } from './refusal.js';

const AUDIO_ID = /^aud_[A-Za-z0-9]+$/;

/**
 * The one audio a person or a workflow means: an ID is looked up; a name is the one whose name is exactly it
 * (ignoring case and spacing), else the only one containing it; `{latest}` is the newest of a category. Not one
 * audio is a refusal: not found, or ambiguous with the candidates to choose from (at most 5, best first).
 */
export async function resolveAudio(
  client: MusiqueClient,
  reference: string | { latest: { category: string } },
): Promise<{ ok: true; audio: Audio } | { ok: false; refusal: SendRefusal }> {
  if (typeof reference === 'object') {
    const { category } = reference.latest;
    const audio = await client.audio.latest({ category });
    return audio
      ? { ok: true, audio }
      : refused({
          kind: 'audio-not-found',
          param: 'audio',
          code: 'not_found',
          message: `There is no ${category} audio yet: upload one first.`,
        });
  }
  const text = reference.trim();
  if (!text)
    return refused({
      kind: 'invalid',
      param: 'audio',
      code: 'missing_field',
      message: 'Say which audio to play: its name or its ID (aud_…).',
    });
  if (AUDIO_ID.test(text)) {
    try {
      return { ok: true, audio: await client.audio.get(text) };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return refused({
        kind: 'audio-not-found',
        param: 'audio',
        code: 'not_found',
        message: `There is no audio ${text}: it may have been deleted. Find the audio by its name instead.`,
      });
    }
  }
  const { audio, candidates } = await client.audio.matchName(text);
  if (audio) return { ok: true, audio };
  if (candidates.length === 0)
    return refused({
      kind: 'audio-not-found',
      param: 'audio',
      code: 'not_found',
      message: `No audio is named like "${text}". List the audio to see the names.`,
    });
  const shown = candidates.slice(0, 5);
  return refused({
    kind: 'audio-ambiguous',
    param: 'audio',
    code: 'ambiguous_audio',
    message: `"${text}" matches ${candidates.length} audio files (${shown.map((one) => `"${one.name}" ${one.audioId}`).join(', ')}): name one exactly or give its ID.`,
    candidates: shown.map(({ audioId, name, category, createdAt, duration }) => ({
      audioId,
      name,
      category,
      createdAt,
      duration,
    })),
  });
}
