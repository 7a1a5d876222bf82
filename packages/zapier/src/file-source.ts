import type { UploadFile } from '@musique/core';
import type { RawHttpResponse, ZObject } from 'zapier-platform-core';

/** Enough of a file for the core's audio check to tell its format (a WAV header is the longest it reads). */
const HEAD_BYTES = 16;

/**
 * A file input (Zapier hands every file over as a URL) as an upload that streams: the bytes go from the
 * download into the multipart body as they arrive, never held whole. The first attempt uses the response
 * opened here (for its length, name and type, and its first bytes, which the core checks are audio before
 * uploading anything); a retry downloads again.
 */
export async function uploadFileFromUrl(
  z: ZObject,
  fileUrl: string,
): Promise<UploadFile & { discard(): Promise<unknown> }> {
  const first = await download(z, fileUrl);
  const length = Number(first.getHeader('content-length'));
  const body = bodyOf(first)[Symbol.asyncIterator]();
  const peeked: Uint8Array[] = [];
  let peekedBytes = 0;
  while (peekedBytes < HEAD_BYTES) {
    const next = await body.next();
    if (next.done) break;
    peeked.push(next.value);
    peekedBytes += next.value.byteLength;
  }
  const head = Buffer.concat(peeked);
  let unread: AsyncIterable<Uint8Array> | undefined = (async function* () {
    yield* peeked;
    yield* { [Symbol.asyncIterator]: () => body };
  })();
  return {
    filename: filenameOf(first.getHeader('content-disposition'), fileUrl),
    contentType: first.getHeader('content-type')?.split(';')[0]?.trim() || 'application/octet-stream',
    ...(Number.isInteger(length) && length >= 0 ? { knownLength: length } : {}),
    head,
    open: () => {
      const stream = unread;
      unread = undefined;
      return stream ?? downloadAgain(z, fileUrl);
    },
    /** Closes the download when the upload was refused before reading it (a file that is not audio). */
    discard: async () => body.return?.(),
  };
}

async function download(z: ZObject, fileUrl: string): Promise<RawHttpResponse> {
  let url: URL;
  try {
    url = new URL(fileUrl);
  } catch {
    throw new z.errors.Error(
      'The Audio File field needs a file: map one from an earlier step (Dropbox, Google Drive, an email attachment) or paste a link to it.',
      'invalid_format',
      400,
    );
  }
  const response = await z.request({ url: url.href, raw: true, skipThrowForStatus: true });
  if (response.status >= 400) {
    // The query string of a file link is often a signature; it stays out of the message.
    throw new z.errors.Error(
      `Could not download the audio file from ${url.origin}${url.pathname}: it answered HTTP ${response.status}.`,
      'file_download_failed',
      response.status,
    );
  }
  return response;
}

async function* downloadAgain(z: ZObject, fileUrl: string): AsyncIterable<Uint8Array> {
  yield* bodyOf(await download(z, fileUrl));
}

function bodyOf(response: RawHttpResponse): AsyncIterable<Uint8Array> {
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

/** From Content-Disposition when the server names the file (Zapier's stashed files do), else the URL's path. */
function filenameOf(contentDisposition: string | undefined, fileUrl: string): string {
  const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition ?? '')?.[1];
  if (encoded) return safeDecode(encoded.trim());
  const quoted = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/.exec(contentDisposition ?? '');
  const plain = quoted?.[1] ?? quoted?.[2]?.trim();
  if (plain) return plain;
  const last = new URL(fileUrl).pathname.split('/').filter(Boolean).pop();
  return last ? safeDecode(last) : 'audio.mp3';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
