// The MCP App as the MCP Inspector sees it (part of the mcp gate): the ui:// resource listed with the MCP Apps
// mime type and read as one self-contained page with its CSP, and `_meta.ui.resourceUri` on the tools whose
// results it shows (and on no other).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rootDir } from '../cache.mjs';

export const APP_URI = 'ui://musique/app.html';
const APP_MIME_TYPE = 'text/html;profile=mcp-app';
const TOOLS_WITH_APP = ['find_audio', 'list_audio', 'send_audio', 'store_status'];

function check(condition, what) {
  if (!condition) throw new Error(`MCP App: ${what}`);
}

/**
 * `inspect(args)` runs the Inspector's CLI on one server and answers its JSON; `fileOrigin` is where the API
 * serves audio (the sandbox's own origin here).
 */
export async function checkApp(inspect, { tools, fileOrigin }) {
  const withApp = tools
    .filter((tool) => tool._meta?.ui?.resourceUri === APP_URI)
    .map((tool) => tool.name)
    .sort();
  check(
    JSON.stringify(withApp) === JSON.stringify(TOOLS_WITH_APP),
    `the tools with _meta.ui.resourceUri ${APP_URI} are [${withApp}], not [${TOOLS_WITH_APP}]`,
  );
  const storeStatus = tools.find((tool) => tool.name === 'store_status');
  check(storeStatus?.annotations?.readOnlyHint === true, 'store_status is not annotated read-only');

  const { resources } = await inspect(['--method', 'resources/list']);
  const listed = resources.find((resource) => resource.uri === APP_URI);
  check(listed, `${APP_URI} is not among the resources (${resources.map((r) => r.uri).join(', ')})`);
  check(
    listed.mimeType === APP_MIME_TYPE,
    `${APP_URI} is listed as ${listed.mimeType}, not ${APP_MIME_TYPE}`,
  );
  check(
    JSON.stringify(listed._meta?.ui?.csp?.resourceDomains) === JSON.stringify([fileOrigin]),
    `its CSP allows media from ${JSON.stringify(listed._meta?.ui?.csp?.resourceDomains)}, not [${fileOrigin}] alone`,
  );

  const { contents } = await inspect(['--method', 'resources/read', '--uri', APP_URI]);
  const [page] = contents;
  check(page?.mimeType === APP_MIME_TYPE, `reading it answers ${page?.mimeType}, not ${APP_MIME_TYPE}`);
  check(/^<!doctype html>/i.test(page.text), 'reading it does not answer an HTML page');
  check(
    !/<script[^>]*\ssrc=|<link[^>]*\shref=/i.test(page.text),
    'the page loads a script or style from elsewhere',
  );
  check(
    page.text.includes(`media-src ${fileOrigin};`) && page.text.includes("connect-src 'none'"),
    'the page does not carry its Content-Security-Policy (media from the file host only, no connections)',
  );
  return { bytes: Buffer.byteLength(page.text) };
}

/** The .mcpb carries the page beside its server (mcpb's own listing folds folders, so the archive is read). */
export async function checkAppInBundle(packed) {
  // fflate is the workspace's zip reader already (the Teams bot's dependency).
  const { unzipSync } = createRequire(path.join(rootDir, 'packages', 'teams-bot', 'package.json'))('fflate');
  const names = Object.keys(unzipSync(await readFile(packed)));
  check(
    names.includes('dist/mcpb/app/musique-app.html'),
    `the .mcpb lacks its page: it holds ${names.join(', ')}`,
  );
  check(
    !names.some((name) => /^(app|docs)\//.test(name)),
    `the .mcpb carries the app's sources or docs: ${names}`,
  );
}
