/**
 * The MCP App as a `ui://` resource: one HTML file (built from app/ by scripts/build-app.mjs) served with the
 * MCP Apps mime type and its Content-Security-Policy, declared twice: in `_meta.ui.csp` for the host's sandbox,
 * and as a meta tag in the page itself, which pins the inline script and style by hash and lets media come from
 * the API's file host only. The page connects nowhere: the server calls the API, the page calls the server
 * through its host.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';

export const APP_URI = 'ui://musique/app.html';
export const APP_MIME_TYPE = RESOURCE_MIME_TYPE;

/** Where the documented API serves audio files (the contract's `url` examples): not the API's own host. */
const PRODUCTION_API_ORIGIN = 'https://api.musique.app';
const PRODUCTION_FILE_ORIGIN = 'https://cdn.musique.app';

/** The origin audio `url`s come from: the CDN for the documented API, the server's own origin for a sandbox. */
export function audioFileOrigin(baseUrl: string): string {
  const { origin } = new URL(baseUrl);
  return origin === PRODUCTION_API_ORIGIN ? PRODUCTION_FILE_ORIGIN : origin;
}

/** The built page: beside the bundle (dist/app/, or dist/mcpb/app/), or in dist/app/ from the sources. */
function builtPage(): string {
  const name = 'musique-app.html';
  const candidates = [
    path.join(__dirname, 'app', name),
    path.join(__dirname, '..', '..', 'dist', 'app', name),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found)
    throw new Error(
      `The MCP App page was not found (looked in ${candidates.join(', ')}); build it with pnpm --filter @musique/mcp build.`,
    );
  return readFileSync(found, 'utf8');
}

let page: string | undefined;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const inline = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => sha256(match[1] ?? ''));

/** The page's own policy: its script and style by hash, audio from the file host, no connection anywhere. */
export function contentSecurityPolicy(html: string, fileOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src ${inline(html, 'script').join(' ')}`,
    `style-src ${inline(html, 'style').join(' ')}`,
    `media-src ${fileOrigin}`,
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** What the host reads in `_meta.ui`: the same limits, for the sandbox it renders the page in. */
export const appResourceMeta = (fileOrigin: string) => ({
  ui: { csp: { resourceDomains: [fileOrigin], connectDomains: [] }, prefersBorder: true },
});

/** The entry resources/list shows. */
export const appResourceListing = (fileOrigin: string) => ({
  uri: APP_URI,
  name: 'musique-app',
  title: 'Musique send preview, stores and library',
  mimeType: APP_MIME_TYPE,
  description:
    'The interactive view of send_audio (preview, confirm, then the stores), list_audio and find_audio (the library), for hosts that show MCP Apps.',
  _meta: appResourceMeta(fileOrigin),
});

/** resources/read of the app: the page with its policy as a meta tag. */
export function readAppResource(fileOrigin: string) {
  page ??= builtPage();
  const policy = contentSecurityPolicy(page, fileOrigin);
  const text = page.replace(
    '<head>',
    () => `<head><meta http-equiv="Content-Security-Policy" content="${policy}" />`,
  );
  return { contents: [{ uri: APP_URI, mimeType: APP_MIME_TYPE, text, _meta: appResourceMeta(fileOrigin) }] };
}

/** What a tool that opens the app carries: the current key and the older flat one, as ext-apps writes both. */
export const APP_TOOL_META = { ui: { resourceUri: APP_URI }, 'ui/resourceUri': APP_URI } as const;

/** The tools whose results the app shows. */
export const TOOLS_WITH_APP = ['send_audio', 'list_audio', 'find_audio', 'store_status'] as const;
