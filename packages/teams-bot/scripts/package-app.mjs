// `MicrosoftAppId=<guid> pnpm --filter @musique/teams-bot package`: the zip to sideload in Teams. The manifest
// template with the bot's app id filled in, beside the committed icons, in appPackage/build/appPackage.zip.
//   node scripts/package-app.mjs [app-id] [--out <dir>]
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

/** The manifest template with the app id filled in, in the toolkit's syntax so Teams Toolkit can fill it too. */
export async function manifestFor(appId) {
  const template = await readFile(path.join(appPackageDir, 'manifest.json'), 'utf8');
  return template.replaceAll(APP_ID_PLACEHOLDER, appId);
}

/** Fills in the manifest, zips it with the icons it names; returns the zip's path. */
export async function buildAppPackage({ appId, outDir = path.join(appPackageDir, 'build') }) {
  if (!GUID.test(appId ?? '')) {
    throw new Error(
      `The Microsoft app id must be a GUID (the bot registration's "Microsoft App ID"); got "${appId}".`,
    );
  }
  const manifest = await manifestFor(appId);
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
  const out = args.indexOf('--out');
  const outDir = out >= 0 ? args.splice(out, 2)[1] : undefined;
  const appId = process.env.MicrosoftAppId || args[0];
  if (!appId) {
    console.error("Set MicrosoftAppId (the bot registration's app id) or pass it: pnpm package <app-id>");
    process.exit(1);
  }
  try {
    console.log(`Teams app package written to ${await buildAppPackage({ appId, outDir })}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
