import { ConnectionError, TimeoutError, type Transport, toFormData } from '@musique/core';
import type { HttpRequestOptions, ZObject } from 'zapier-platform-core';

/**
 * The core's transport over `z.request`, so Zapier's logging, secret scrubbing and middleware see every call.
 * HTTP errors come back as responses (the core types them), a 429 too: the core paces and retries on it, and
 * `client.ts` turns the RateLimitError it ends in into Zapier's ThrottledError.
 */
export function zapierTransport(z: ZObject): Transport {
  return async (request) => {
    const form = typeof request.body === 'object' ? toFormData(request.body) : undefined;
    const headers = { ...request.headers, ...(form ? formHeaders(form) : {}) };
    const options: HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean } = {
      url: request.url,
      method: request.method,
      headers,
      skipThrowForStatus: true,
      // The platform would throw its own ThrottledError on a 429, without the API's message or delay.
      throwForThrottlingEarly: false,
      ...(form ? { body: form } : request.body === undefined ? {} : { body: request.body }),
      ...(request.timeoutMs ? { timeout: request.timeoutMs } : {}),
    };
    try {
      const response = await z.request(options);
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value: string, name: string) => {
        responseHeaders[name.toLowerCase()] = value;
      });
      return { status: response.status, headers: responseHeaders, body: response.content };
    } catch (error) {
      throw asNetworkError(error, request.url, request.timeoutMs) ?? error;
    }
  };
}

/** Content-Type with the boundary, and Content-Length when every part's size is known (else it goes chunked). */
function formHeaders(form: ReturnType<typeof toFormData>): Record<string, string> {
  const headers: Record<string, string> = { ...form.getHeaders() };
  if (form.hasKnownLength()) headers['content-length'] = String(form.getLengthSync());
  return headers;
}

/** node-fetch's FetchError (inside z.request) as the core's network errors, which the core may retry. */
function asNetworkError(
  error: unknown,
  url: string,
  timeoutMs: number | undefined,
): ConnectionError | undefined {
  if (!(error instanceof Error) || error.name !== 'FetchError') return undefined;
  const origin = new URL(url).origin;
  const type = (error as Error & { type?: string }).type;
  if (type === 'request-timeout')
    return new TimeoutError(`No answer from ${origin} within ${timeoutMs} ms.`, error);
  const code = (error as Error & { code?: string }).code;
  return new ConnectionError(`Could not reach ${origin}: ${code ?? error.message}.`, error);
}
