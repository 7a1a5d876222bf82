import { MusiqueError, RateLimitError } from '@musique/core';

/** REST paths in a message, as the tools an assistant can call instead. */
const TOOL_FOR_PATH: [RegExp, string][] = [
  [/\bPOST \/audio\/\S+\/send\b/g, 'send_audio'],
  [/\bDELETE \/audio\/\S+/g, 'delete_audio'],
  [/\bGET \/audio\/\{?audioId\}?|\bGET \/audio\/aud_\w+/g, 'get_audio'],
  [/\bPOST \/audio\b/g, 'upload_audio'],
  [/\bGET \/audio\b/g, 'list_audio'],
  [/\bGET \/(?:system\/)?health\b/g, 'health'],
  [/\bGET \/(?:system\/)?limits\b/g, 'limits'],
  [/pass the key Musique gave you as `apiKey`/g, 'set MUSIQUE_API_KEY (or, over HTTP, the X-API-Key header)'],
];

/** The core's ending of an API error's message, kept where MCP words the sentence itself. */
const requestOf = (error: MusiqueError) => (error.requestId ? ` (request ${error.requestId})` : '');

/**
 * A sentence a person can act on: the core's message with tool names, never the key. The core's message already
 * ends with the request id, so it appears once.
 */
export function explain(error: unknown): string {
  if (error instanceof RateLimitError)
    return `Musique's rate limit for this API key is reached; try again in ${error.retryAfter ?? 60} seconds.${requestOf(error)}`;
  if (!(error instanceof Error)) return String(error);
  let message = error.message;
  for (const [path, tool] of TOOL_FOR_PATH) message = message.replace(path, tool);
  if (error instanceof MusiqueError && error.type === 'authentication_error')
    message += ' Check MUSIQUE_API_KEY (or, over HTTP, the X-API-Key header).';
  return message;
}
