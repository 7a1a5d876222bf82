import { basename } from 'node:path';
import {
  detectAudioFormat,
  fileFromPath,
  MAX_UPLOAD_BYTES,
  type UploadFile,
  ValidationError,
} from '@musique/core';
import { DownloadRefused, download, type FetchPolicy, ownNetwork } from './remote-file.js';

const refuse = (message: string) =>
  new ValidationError({ code: 'invalid_format', param: 'file', type: 'validation_error', message });

/** Where a file may come from: over stdio the person's own machine; over HTTP only what the caller hands over. */
export interface FileRules {
  /** Paths on this machine (stdio only: a remote caller must never read the server's disk). */
  paths: boolean;
  fetchPolicy: FetchPolicy;
}

export const LOCAL_FILES: FileRules = { paths: true, fetchPolicy: ownNetwork };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const CONTENT_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', aac: 'audio/aac' } as const;

/** Bytes an assistant handed over, named after the format their first bytes show. */
function fileOfBytes(bytes: Uint8Array, filename?: string): UploadFile {
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw refuse(
      `The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; Musique accepts at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
    );
  const format = detectAudioFormat(bytes.subarray(0, 16));
  return {
    filename: filename || `audio.${format ?? 'mp3'}`,
    contentType: format ? CONTENT_TYPES[format] : 'application/octet-stream',
    knownLength: bytes.byteLength,
    data: bytes,
  };
}

function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 16 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}

/**
 * The file an assistant names: its bytes (base64 or a `data:` URI), an https URL (fetched once, checked against
 * the policy at every hop), or, over stdio only, a path on this machine.
 */
export async function openAudioSource(
  source: string,
  rules: FileRules = LOCAL_FILES,
  onProgress?: (received: number, total?: number) => void,
): Promise<UploadFile> {
  const trimmed = source.trim();
  if (/^data:/i.test(trimmed)) {
    const match = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/is.exec(trimmed);
    const bytes = match?.[2]?.toLowerCase().includes(';base64') ? decodeBase64(match[3] ?? '') : undefined;
    if (!bytes) throw refuse('A data: URI must carry base64 bytes, as data:audio/mpeg;base64,SUQz….');
    return fileOfBytes(bytes);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const url = new URL(trimmed);
    try {
      const fetched = await download(url, rules.fetchPolicy, undefined, onProgress);
      return fileOfBytes(fetched.bytes, decodeURIComponent(basename(fetched.url.pathname)));
    } catch (error) {
      if (error instanceof DownloadRefused) throw refuse(error.message);
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      throw refuse(
        `${url.host} could not be reached (${cause}); check the link, or hand over the file's bytes.`,
      );
    }
  }
  // Base64 of an MP3 can start with "//" like a path: it counts as bytes when it decodes to audio.
  const bytes = decodeBase64(trimmed);
  if (bytes && detectAudioFormat(bytes.subarray(0, 16)) !== null) return fileOfBytes(bytes);
  if (!rules.paths)
    throw refuse(
      "This is neither an audio file's bytes nor a link, and this server does not read its own disk for remote callers: give the file's bytes as base64 or a data: URI, or an https URL.",
    );
  try {
    return await fileFromPath(trimmed);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw refuse(`There is no file at ${trimmed}; give the full path of the audio file.`);
    throw error instanceof TypeError ? refuse(error.message) : error;
  }
}
