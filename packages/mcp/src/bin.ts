/**
 * musique-mcp: over stdio for desktop assistants (the default), or `--http [port]` for hosted ones. The key
 * comes from MUSIQUE_API_KEY (over HTTP, a request's X-API-Key header wins); nothing is printed to stdout but
 * protocol messages.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { startHttpServer } from './http.js';
import { musiqueServerFor, settingsFromEnv } from './setup.js';

const settings = settingsFromEnv();
const apiKey = process.env.MUSIQUE_API_KEY?.trim() || undefined;
const httpAt = process.argv.indexOf('--http');

if (httpAt >= 0) {
  const port = Number(process.argv[httpAt + 1] ?? process.env.PORT ?? 3333);
  const running = await startHttpServer({ ...settings, port, ...(apiKey ? { fallbackKey: apiKey } : {}) });
  console.error(`musique-mcp listening on ${running.url}`);
  const stop = () => running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  if (!apiKey)
    console.error('musique-mcp: MUSIQUE_API_KEY is not set; every tool will answer that the key is missing.');
  try {
    await musiqueServerFor(apiKey, settings).connect(new StdioServerTransport());
  } catch (error) {
    // A malformed key or base URL: the core's sentence says what is wrong, never the key itself.
    console.error(`musique-mcp: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
