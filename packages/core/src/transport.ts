import { ConnectionError, TimeoutError } from './errors.js';

/** A file to upload. `open` is called once per attempt, so a retried upload re-reads the source. */
export interface UploadFile {
  filename: string;
  contentType?: string;
  /** Bytes; lets streamed multipart bodies carry a Content-Length. */
  knownLength?: number;
  data?: Uint8Array;
  open?: () => AsyncIterable<Uint8Array>;
  /** The first bytes, when `open` is given, so the format can be checked before anything is sent. */
  head?: Uint8Array;
}

export interface MultipartBody {
  kind: 'multipart';
  fields: Record<string, string>;
  file: UploadFile;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | MultipartBody;
  timeoutMs?: number;
}

export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one HTTP request. It answers every HTTP status (the client types the errors) and throws
 * `ConnectionError`/`TimeoutError` for network failures, which the client retries; anything else it throws
 * (a platform's own error, say) reaches the caller unchanged.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** The default transport: the runtime's `fetch`. It buffers bodies, so big uploads belong to Node's transport (`MusiqueClient` from `@musique/core` on Node). */
export const fetchTransport: Transport = async (request) => {
  const signal = request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: toFetchBody(request.body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new TimeoutError(
        `No answer from ${new URL(request.url).origin} within ${request.timeoutMs} ms.`,
        error,
      );
    }
    throw new ConnectionError(
      `Could not reach ${new URL(request.url).origin}: ${describeCause(error)}.`,
      error,
    );
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
};

function toFetchBody(body: string | MultipartBody): string | FormData {
  if (typeof body === 'string') return body;
  const form = new FormData();
  for (const [name, value] of Object.entries(body.fields)) form.append(name, value);
  if (!body.file.data) {
    throw new TypeError(
      'The fetch transport uploads bytes only (it would buffer a stream whole); on Node, MusiqueClient from @musique/core streams a file (fileFromPath).',
    );
  }
  const type = body.file.contentType ?? 'application/octet-stream';
  form.append('file', new Blob([body.file.data as Uint8Array<ArrayBuffer>], { type }), body.file.filename);
  return form;
}

export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
