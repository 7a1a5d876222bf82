import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The store wall: one self-contained page (no build step), live over the players feed. The key never travels
// in a URL the server sees: it comes from the page's #fragment or a form, lives in sessionStorage, and goes
// out only in the X-API-Key header. Its script and style are files of their own (browser/), linted and
// type-checked as what they are, and inlined into the page so its Content-Security-Policy can pin them.

/** A file of the page: beside the bundle when built (dist/wall/), in browser/ beside this file in the workspace. */
function browserFile(name: string): string {
  const candidates = [path.join(__dirname, 'wall', name), path.join(__dirname, 'browser', name)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The store wall's ${name} was not found; looked in ${candidates.join(', ')}`);
  return readFileSync(found, 'utf8');
}

const style = browserFile('wall.css');
const script = browserFile('wall.js');
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run, and it talks only to its own origin. */
export const wallContentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export function wallPage(apiBasePath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="musique-api" content="${escapeAttribute(apiBasePath)}">
<title>Store wall · Musique sandbox</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<header>
  <h1>Store wall</h1>
  <span id="count"></span>
  <input id="filter" type="search" placeholder="Filter stores" aria-label="Filter stores">
  <span id="status">starting…</span>
  <button id="forget" type="button">Change key</button>
</header>
<form id="login" hidden>
  <label for="key">API key of the company to show</label>
  <input id="key" type="password" autocomplete="off" placeholder="msk_dev_…">
  <button type="submit">Show its stores</button>
  <p id="login-error" role="alert"></p>
</form>
<main id="wall" aria-live="polite"></main>
<script>${script}</script>
</body>
</html>
`;
}
