#!/usr/bin/env node
/**
 * musique-mcp: over stdio for desktop assistants (the default), or `--http [port] [--host name]` for hosted
 * ones. Over stdio the key comes from MUSIQUE_API_KEY; over HTTP every request carries its own and the
 * environment's key serves no caller. Nothing is printed to stdout but protocol messages.
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { settingsFromEnv as connectionFromEnv, flagFromEnv, listFromEnv } from '@musique/core/node';
import { startHttpServer } from './http.js';
import { musiqueServerFor, type Settings, settingsFromEnv, TOOL_NAMES } from './setup.js';

const { apiKey } = connectionFromEnv();
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return value?.startsWith('--') ? undefined : value;
};
/** Settings fail closed: a value the server cannot read stops it, saying which and why. */
function fail(error: unknown): never {
  console.error(`musique-mcp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
let settings: Settings;
try {
  settings = {
    ...settingsFromEnv(),
    ...(process.argv.includes('--read-only') ? { readOnly: true } : {}),
  };
  if (process.argv.includes('--tools'))
    settings.only = listFromEnv(argument('--tools') ?? '', '--tools', TOOL_NAMES);
} catch (error) {
  fail(error);
}
let personalKeys: boolean | undefined;
try {
  personalKeys = flagFromEnv(process.env, 'MUSIQUE_MCP_PERSONAL_KEYS');
} catch (error) {
  fail(error);
}
const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

if (process.argv.includes('--http')) {
  const host = argument('--host') ?? process.env.HOST ?? '127.0.0.1';
  const publicUrl = process.env.MUSIQUE_MCP_URL?.trim();
  const issuer = process.env.MUSIQUE_MCP_ISSUER?.trim();
  if (Boolean(publicUrl) !== Boolean(issuer) || (issuer && !apiKey)) {
    console.error(
      'musique-mcp: OAuth needs MUSIQUE_MCP_ISSUER, MUSIQUE_MCP_URL and the company key in MUSIQUE_API_KEY, all three.',
    );
    process.exit(1);
  }
  const oauth =
    issuer && publicUrl && apiKey ? { issuer, resource: publicUrl, companyKey: apiKey } : undefined;
  const allowedHosts =
    list(process.env.MUSIQUE_MCP_ALLOWED_HOSTS) ??
    (publicUrl ? ['localhost', '127.0.0.1', '[::1]', new URL(publicUrl).hostname] : undefined);
  const allowedOrigins = list(process.env.MUSIQUE_MCP_ALLOWED_ORIGINS);
  const running = await startHttpServer({
    ...settings,
    port: Number(argument('--http') ?? process.env.PORT ?? 3333),
    host,
    ...(allowedHosts ? { allowedHosts } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    ...(oauth ? { oauth } : {}),
    ...(personalKeys ? { personalKeys: true } : {}),
  });
  console.error(`musique-mcp listening on ${running.url}`);
  if (!allowedHosts && ['0.0.0.0', '::'].includes(host))
    console.error(
      'musique-mcp: only loopback Host names are answered; set MUSIQUE_MCP_ALLOWED_HOSTS to the names callers use.',
    );
  if (!settings.secret)
    console.error(
      'musique-mcp: MUSIQUE_MCP_SECRET is not set; confirmation tokens are good on this process only.',
    );
  if (apiKey && !oauth)
    console.error(
      'musique-mcp: over HTTP, MUSIQUE_API_KEY serves no caller; each request carries its own key.',
    );
  const stop = () => running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  if (!apiKey)
    console.error('musique-mcp: MUSIQUE_API_KEY is not set; every tool will answer that the key is missing.');
  try {
    // Checked once here so a malformed key or base URL stops the process with the core's sentence.
    musiqueServerFor(apiKey, settings);
    // The opening message picks the protocol revision (2025-11-25 or 2026-07-28); one server per connection.
    serveStdio(() => musiqueServerFor(apiKey, settings));
  } catch (error) {
    // A malformed key or base URL: the core's sentence says what is wrong, never the key itself.
    console.error(`musique-mcp: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
