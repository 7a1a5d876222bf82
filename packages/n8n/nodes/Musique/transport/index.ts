import { randomUUID } from 'node:crypto';
import {
  ConnectionError,
  encodeMultipart,
  PortableMusiqueClient,
  TimeoutError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '@musique/core/portable';
import {
  type IAllExecuteFunctions,
  type IDataObject,
  type IHttpRequestOptions,
  type IN8nHttpFullResponse,
  sleep,
} from 'n8n-workflow';
import packageJson from '../../../package.json';

export const CREDENTIAL_TYPE = 'musiqueApi';

interface MusiqueCredentials {
  apiKey: string;
  baseUrl?: string;
}

/** The one way the nodes reach Musique: the core client over n8n's HTTP helper. */
export async function musiqueClient(context: IAllExecuteFunctions): Promise<PortableMusiqueClient> {
  const credentials = await context.getCredentials<MusiqueCredentials>(CREDENTIAL_TYPE);
  return new PortableMusiqueClient({
    apiKey: credentials.apiKey,
    // Empty means the core's default, the same one the credential's test falls back to.
    ...(credentials.baseUrl?.trim() ? { baseUrl: credentials.baseUrl.trim() } : {}),
    transport: n8nTransport(context),
    // n8n's verification forbids timers and globals in node code: its own sleep keeps 429 waits (bounded by the
    // core's retry budget) legal, and node:crypto is the one random source it allows.
    sleep,
    randomUUID,
    userAgent: `n8n-nodes-musique/${packageJson.version}`,
  });
}

/**
 * Core's transport contract over n8n's `httpRequest`: every status answers, network failures throw. The core's
 * headers go out as they are, the API key among them: the core owns authentication, for every surface alike.
 */
export function n8nTransport(context: IAllExecuteFunctions): Transport {
  return async (request: TransportRequest): Promise<TransportResponse> => {
    const headers = request.headers;
    const options: IHttpRequestOptions = {
      method: request.method,
      url: request.url,
      headers,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      // Raw bytes back: the core parses JSON and error bodies itself, whatever the content type says.
      encoding: 'arraybuffer',
      json: false,
      ...(request.timeoutMs ? { timeout: request.timeoutMs } : {}),
    };
    if (typeof request.body === 'string') {
      options.body = request.body;
    } else if (request.body) {
      // n8n's HTTP helper takes bytes, and only its own copy of form-data as a stream; n8n holds binaries whole anyway.
      const multipart = await encodeMultipart(request.body, `----musique-${randomUUID()}`);
      options.body = Buffer.from(multipart.body.buffer, multipart.body.byteOffset, multipart.body.byteLength);
      options.headers = { ...headers, 'content-type': multipart.contentType };
    }
    const response: IN8nHttpFullResponse = await context.helpers
      .httpRequest(options)
      .catch((cause: unknown) => Promise.reject(networkError(request, cause)));
    return {
      status: response.statusCode,
      headers: lowerCaseHeaders(response.headers),
      body: bodyText(response.body),
    };
  };
}

function networkError(request: TransportRequest, cause: unknown): ConnectionError {
  const origin = new URL(request.url).origin;
  const code = errorCode(cause);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new TimeoutError(
      `No answer from ${origin} within ${Math.round((request.timeoutMs ?? 0) / 1000)} s. Check the Base URL in the Musique credential, and that n8n can reach it.`,
      cause,
    );
  }
  // No code in the sentence: n8n swaps a message naming ECONNREFUSED or the like for its own generic one.
  return new ConnectionError(`${unreachable(origin, code, cause)}.`, cause);
}

/** Why a Base URL could not be reached, and what to check, in a workflow author's words. */
function unreachable(origin: string, code: string | undefined, cause: unknown): string {
  const host = new URL(origin).host;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `Could not find ${host}, the host of the Base URL ${origin}: check the Base URL in the Musique credential (leave it empty for the Musique API), and that n8n can reach the internet (DNS, proxy)`;
  if (code === 'ECONNREFUSED')
    return `Nothing answers at ${origin}: check the Base URL's host and port in the Musique credential, and, for a sandbox, that it is running`;
  // Reached, then cut off: the request may have been taken, so the sentence must not say the URL is wrong.
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return `The connection to the server was closed before ${origin} answered: the request may have reached Musique. Retry On Fail is safe, since a retried send replays instead of playing twice`;
  return `Could not reach ${origin} (${describe(cause)}): check the Base URL in the Musique credential, and that n8n can reach it`;
}

/** n8n may hand back the HTTP library's error or wrap it (in a NodeApiError, or as `cause`). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    // NodeApiError keeps a network code as its httpCode.
    const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
    for (const candidate of [code, httpCode])
      if (typeof candidate === 'string' && /^E[A-Z_]+$/.test(candidate)) return candidate;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  if (ArrayBuffer.isView(body))
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // Some n8n versions parse JSON whatever the encoding asked for; give the core its text back.
  return JSON.stringify(body);
}
