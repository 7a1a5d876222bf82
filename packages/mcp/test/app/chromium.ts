/** Debian's Chromium for the app's browser test, as the sandbox's wall test starts it. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// As root, without network: no sandbox, no GPU, and none of the background calls home.
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `Chromium is not at ${chromiumPath}: the MCP App's browser test needs it. Run \`bash scripts/install-system-deps.sh\` (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

/** The host page: host.browser.ts bundled with ext-apps' AppBridge, inline. */
export async function hostPage(): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [path.join(__dirname, 'host.browser.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const script = (outputFiles[0]?.text ?? '').replaceAll('</script', '<\\/script');
  return `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body style="margin:0"><script>${script}</script></body></html>`;
}
