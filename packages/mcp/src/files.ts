import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileFromPath, type UploadFile, ValidationError } from '@musique/core/node';

const refuse = (message: string) =>
  new ValidationError({ code: 'invalid_format', param: 'file', type: 'validation_error', message });

/**
 * The file an assistant names: a path on this machine, or an https URL streamed from its server on every
 * attempt, never held whole. Plain http is taken only from this machine (a local sandbox or file server).
 */
export async function openAudioSource(source: string): Promise<UploadFile> {
  if (!/^[a-z]+:\/\//i.test(source)) {
    try {
      return await fileFromPath(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw refuse(`There is no file at ${source}; give the full path of the audio file.`);
      throw error instanceof TypeError ? refuse(error.message) : error;
    }
  }
  const url = new URL(source);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw refuse(`${url.protocol} links cannot be uploaded; give an https URL or a path on this machine.`);
  const download = async () => {
    const response = await fetch(url);
    if (!response.ok || !response.body)
      throw refuse(`Downloading ${url.origin}${url.pathname} answered ${response.status}; check the link.`);
    return response;
  };
  const first = await download();
  const reader = first.body?.getReader();
  const head = (await reader?.read())?.value?.subarray(0, 16);
  await reader?.cancel();
  const length = Number(first.headers.get('content-length'));
  return {
    filename: decodeURIComponent(basename(url.pathname)) || 'audio',
    contentType: first.headers.get('content-type') ?? 'application/octet-stream',
    ...(length > 0 ? { knownLength: length } : {}),
    ...(head ? { head } : {}),
    open: () => streamOf(download),
  };
}

async function* streamOf(download: () => Promise<Response>): AsyncIterable<Uint8Array> {
  const response = await download();
  yield* Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
}
