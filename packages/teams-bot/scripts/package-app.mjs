// `MicrosoftAppId=<guid> pnpm --filter @musique/teams-bot package`: the zip to sideload in Teams. The manifest
// template with the bot's app id filled in, beside the committed icons, in appPackage/build/appPackage.zip.
// Given the MCP server's public URL, the manifest also declares it as an agent connector (manifest 1.27+), so
// Microsoft 365 Copilot in Teams can use the same tools, authorised by OAuth dynamic client registration.
//   node scripts/package-app.mjs [app-id] [--out <dir>] [--mcp-url <https url> --mcp-auth-reference <id>]
//   (or MUSIQUE_MCP_PUBLIC_URL and MUSIQUE_MCP_AUTH_REFERENCE_ID)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

export const appPackageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../appPackage');

// biome-ignore lint/suspicious/noTemplateCurlyInString: Teams Toolkit's placeholder syntax, not a JS template.
const APP_ID_PLACEHOLDER = '${{MICROSOFT_APP_ID}}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A fixed date, so the same inputs build the same zip.
const mtime = new Date(1980, 0, 1);

/**
 * The manifest template with the app id filled in, in the toolkit's syntax so Teams Toolkit can fill it too; with
 * `mcp` ({ url, authReference }) it declares the MCP server as an agent connector, without it there is none.
 */
export async function manifestFor(appId, mcp) {
  const template = await readFile(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const filled = template.replaceAll(APP_ID_PLACEHOLDER, appId);
  if (!mcp) return filled;
  const manifest = JSON.parse(filled);
  manifest.agentConnectors = [mcpConnector(mcp)];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The MCP server as Copilot reaches it: its public HTTPS URL, authorised by OAuth dynamic client registration.
 * Teams keeps the registration; `authReference` is the id the Teams Developer Portal gives it.
 */
export function mcpConnector({ url, authReference }) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `The MCP server URL "${url}" is not a URL; give its public https address, such as https://mcp.example.com/mcp.`,
    );
  }
  if (parsed.protocol !== 'https:')
    throw new Error(
      `The MCP server URL must be https (Microsoft 365 reaches it over the internet); got "${url}".`,
    );
  if (!authReference?.trim())
    throw new Error(
      'An agent connector with dynamic client registration needs its authorization reference id: register the MCP server under OAuth client registration in the Teams Developer Portal and pass the id (--mcp-auth-reference or MUSIQUE_MCP_AUTH_REFERENCE_ID).',
    );
  return {
    id: 'musique-mcp',
    displayName: 'Musique',
    description:
      'Musique in-store audio: list and upload audio, send or schedule it to stores, check the key. The same tools as the Musique MCP server.',
    toolSource: {
      remoteMcpServer: {
        mcpServerUrl: parsed.href,
        authorization: { type: 'DynamicClientRegistration', referenceId: authReference.trim() },
      },
    },
  };
}

/** Fills in the manifest, zips it with the icons it names; returns the zip's path. */
export async function buildAppPackage({ appId, outDir = path.join(appPackageDir, 'build'), mcp }) {
  if (!GUID.test(appId ?? '')) {
    throw new Error(
      `The Microsoft app id must be a GUID (the bot registration's "Microsoft App ID"); got "${appId}".`,
    );
  }
  const manifest = await manifestFor(appId, mcp);
  const { icons } = JSON.parse(manifest);
  const files = { 'manifest.json': new TextEncoder().encode(manifest) };
  for (const icon of [icons.color, icons.outline])
    files[icon] = new Uint8Array(await readFile(path.join(appPackageDir, icon)));
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, 'appPackage.zip');
  await writeFile(zipPath, zipSync(files, { level: 9, mtime }));
  return zipPath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const outDir = option('--out');
  const mcpUrl = option('--mcp-url') ?? process.env.MUSIQUE_MCP_PUBLIC_URL;
  const authReference = option('--mcp-auth-reference') ?? process.env.MUSIQUE_MCP_AUTH_REFERENCE_ID;
  const mcp = mcpUrl ? { url: mcpUrl, authReference } : undefined;
  const appId = process.env.MicrosoftAppId || args[0];
  if (!appId) {
    console.error("Set MicrosoftAppId (the bot registration's app id) or pass it: pnpm package <app-id>");
    process.exit(1);
  }
  try {
    const zip = await buildAppPackage({ appId, outDir, mcp });
    console.log(`Teams app package written to ${zip}${mcp ? ` (agent connector: ${mcp.url})` : ''}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
