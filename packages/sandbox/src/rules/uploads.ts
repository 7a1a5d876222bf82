import type { TempFile } from '../storage/audio-files.js';
import { newId } from '../storage/ids.js';
import { ApiError } from './api-error.js';
import { audioView } from './api-objects.js';
import { type AudioInfo, analyzeAudio, NotAudioError } from './audio-formats/index.js';
import type { SandboxContext } from './context.js';

export interface AudioDetails {
  name: string;
  description: string | null;
  category: string | null;
}

/** Reads the complete temporary file and measures it; refuses anything that is not whole, playable audio. */
export async function inspectUpload(ctx: SandboxContext, temp: TempFile) {
  try {
    return analyzeAudio(await ctx.files.read(temp.path));
  } catch (error) {
    if (error instanceof NotAudioError)
      throw new ApiError('invalid_format', error.message, { param: 'file' });
    throw error;
  }
}

/**
 * Renames the temporary file to its final name, then records it; the record exists only once the file does,
 * and a failed insert removes the file again.
 */
export async function storeAudio(
  ctx: SandboxContext,
  companyId: number,
  temp: TempFile,
  details: AudioDetails,
  measured?: AudioInfo,
) {
  const info = measured ?? (await inspectUpload(ctx, temp));
  const audioId = newId('aud');
  const fileName = `${audioId}.${info.format}`;
  await ctx.files.commit(temp, fileName);
  try {
    const now = ctx.clock();
    const audio = await ctx.db.transaction(async (db) => {
      const stored = await db.audio.insert({
        id: audioId,
        companyId,
        ...details,
        format: info.format,
        duration: info.duration,
        size: temp.size,
        fileName,
        createdAt: now,
      });
      await db.webhooks.recordEvent(companyId, 'audio.created', audioView(stored, ctx.origin()), now);
      return stored;
    });
    ctx.wakeDeliveries();
    return audio;
  } catch (error) {
    await ctx.files.remove(fileName);
    throw error;
  }
}

/** The contract's default name: the file name without its extension. */
export function nameFromFileName(fileName: string | undefined): string {
  const base = (fileName ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .trim();
  return base.slice(0, 200) || 'Untitled audio';
}
