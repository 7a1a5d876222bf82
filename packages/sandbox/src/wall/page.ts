import { createHash } from 'node:crypto';

// The store wall: one self-contained page (no build step), live over the players feed. The key never travels
// in a URL the server sees: it comes from the page's #fragment or a form, lives in sessionStorage, and goes
// out only in the X-API-Key header.

const style = `
:root { color-scheme: light dark; --bg: #f4f5f7; --tile: #fff; --ink: #1d2330; --dim: #6b7280; --line: #e3e6eb;
  --accent: #4f46e5; --low: #9ca3af; --normal: #2563eb; --high: #d97706; --urgent: #dc2626; }
@media (prefers-color-scheme: dark) { :root { --bg: #111318; --tile: #1b1e25; --ink: #e8eaf0; --dim: #9aa1ad;
  --line: #2b2f39; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--ink); }
header { display: flex; gap: 12px; align-items: center; padding: 12px 20px; background: var(--tile);
  border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
header h1 { font-size: 16px; margin: 0 auto 0 0; }
#status { color: var(--dim); }
#status.live::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  background: #16a34a; margin-right: 6px; }
input, button { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--ink); }
button { cursor: pointer; }
#login { max-width: 420px; margin: 80px auto; padding: 24px; background: var(--tile); border-radius: 10px;
  display: grid; gap: 10px; }
#login-error { color: var(--urgent); margin: 0; min-height: 1.4em; }
#wall { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; padding: 16px 20px; }
.tile { background: var(--tile); border: 1px solid var(--line); border-radius: 10px; padding: 12px;
  display: grid; gap: 8px; align-content: start; }
.tile.changed { animation: flash 1.2s ease-out; }
@keyframes flash { from { box-shadow: 0 0 0 3px var(--accent); } to { box-shadow: 0 0 0 0 transparent; } }
.tile h2 { font-size: 14px; margin: 0; display: flex; justify-content: space-between; gap: 8px; }
.tile h2 small { color: var(--dim); font-weight: normal; }
.label { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--dim); }
.now .name { font-weight: 600; }
.idle { color: var(--dim); font-style: italic; }
.bar { height: 4px; background: var(--line); border-radius: 2px; overflow: hidden; margin-top: 4px; }
.bar > div { height: 100%; background: var(--accent); }
.left { color: var(--dim); font-size: 12px; }
ol { margin: 2px 0 0; padding-left: 18px; }
li { margin: 2px 0; }
.badge { display: inline-block; font-size: 10px; text-transform: uppercase; padding: 0 5px; border-radius: 4px;
  color: #fff; margin-right: 4px; vertical-align: 1px; }
.badge.low { background: var(--low); } .badge.normal { background: var(--normal); }
.badge.high { background: var(--high); } .badge.urgent { background: var(--urgent); }
.meta { color: var(--dim); font-size: 12px; }
[hidden] { display: none !important; }
`;

const script = `
(() => {
  const apiBase = document.querySelector('meta[name="musique-api"]').content;
  const keyName = 'musique.wall.key';
  const $ = (selector) => document.querySelector(selector);
  const wall = $('#wall');
  const tiles = new Map();
  let offsetMs = 0;
  let connection = null;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const setStatus = (text, live) => { $('#status').textContent = text; $('#status').className = live ? 'live' : ''; };
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  const clock = (seconds) => Math.floor(seconds / 60) + ':' + String(Math.floor(seconds % 60)).padStart(2, '0');

  function itemLine(item, withSchedule) {
    const li = el('li');
    li.append(el('span', 'badge ' + item.priority, item.priority), el('span', 'name', item.name));
    const meta = [];
    if (item.repeat > 1) meta.push('x' + item.repeat);
    if (item.volume !== 100) meta.push('vol ' + item.volume);
    if (withSchedule && item.scheduleAt) meta.push('at ' + when(item.scheduleAt));
    if (meta.length) li.append(' ', el('span', 'meta', meta.join(' · ')));
    return li;
  }

  function section(className, title, items, withSchedule) {
    const part = el('section', className);
    part.append(el('div', 'label', title + ' (' + items.length + ')'));
    if (items.length === 0) part.append(el('div', 'idle', 'nothing'));
    else {
      const list = el('ol');
      for (const item of items) list.append(itemLine(item, withSchedule));
      part.append(list);
    }
    return part;
  }

  function render(store, changed) {
    let tile = tiles.get(store.externalId);
    if (!tile) {
      tile = { node: el('article', 'tile') };
      tile.node.dataset.store = store.externalId;
      tiles.set(store.externalId, tile);
      const after = [...tiles.keys()].sort().find((id) => id > store.externalId && tiles.get(id).node.isConnected);
      wall.insertBefore(tile.node, after ? tiles.get(after).node : null);
    }
    tile.store = store;
    const heading = el('h2');
    heading.append(el('span', 'store-name', store.name), el('small', null, store.externalId));
    const now = el('section', 'now');
    now.append(el('div', 'label', 'Now playing'));
    if (store.nowPlaying) {
      const line = el('div');
      line.append(el('span', 'badge ' + store.nowPlaying.priority, store.nowPlaying.priority),
        el('span', 'name', store.nowPlaying.name));
      const bar = el('div', 'bar');
      bar.append(el('div'));
      now.append(line, bar, el('div', 'left'));
    } else now.append(el('div', 'idle', 'silent'));
    tile.node.replaceChildren(heading, now, section('queue', 'Queued', store.queue, false),
      section('scheduled', 'Scheduled', store.scheduled, true));
    if (changed) {
      tile.node.classList.remove('changed');
      void tile.node.offsetWidth;
      tile.node.classList.add('changed');
    }
    tick(tile);
    applyFilter(tile);
  }

  function tick(tile) {
    const playing = tile.store.nowPlaying;
    if (!playing || !playing.endsAt) return;
    const start = Date.parse(playing.startedAt), end = Date.parse(playing.endsAt);
    const now = Date.now() + offsetMs;
    const done = Math.min(1, Math.max(0, (now - start) / Math.max(1, end - start)));
    tile.node.querySelector('.bar > div').style.width = (done * 100).toFixed(1) + '%';
    tile.node.querySelector('.left').textContent = clock(Math.max(0, (end - now) / 1000)) + ' left';
  }

  function applyFilter(tile) {
    const text = $('#filter').value.trim().toLowerCase();
    const store = tile.store;
    tile.node.hidden = text !== '' && !(store.name + ' ' + store.externalId).toLowerCase().includes(text);
  }

  function onEvent(type, data) {
    offsetMs = Date.parse(data.serverTime) - Date.now();
    if (type === 'snapshot') {
      wall.replaceChildren();
      tiles.clear();
      for (const store of data.stores) render(store, false);
      $('#count').textContent = data.stores.length + ' stores';
    } else if (type === 'store') render(data.store, true);
  }

  async function readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message', data = '';
        for (const line of frame.split('\\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (data) onEvent(type, JSON.parse(data));
      }
    }
  }

  async function connect(key) {
    const controller = new AbortController();
    connection = controller;
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        setStatus('connecting…');
        const response = await fetch(apiBase + '/sandbox/players/stream', {
          headers: { 'x-api-key': key, accept: 'text/event-stream' }, cache: 'no-store', signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          const body = await response.json().catch(() => null);
          return askForKey((body && body.error && body.error.message) || 'That key was refused.');
        }
        if (response.status === 429) {
          const wait = Number(response.headers.get('retry-after') || 5);
          setStatus('rate limited; retrying in ' + wait + ' s');
          await sleep(wait * 1000);
          continue;
        }
        if (!response.ok) throw new Error('HTTP ' + response.status);
        setStatus('live', true);
        delay = 1000;
        await readEvents(response.body);
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      setStatus('reconnecting…');
      await sleep(delay);
      delay = Math.min(delay * 2, 10000);
    }
  }

  function askForKey(message) {
    if (connection) connection.abort();
    sessionStorage.removeItem(keyName);
    wall.replaceChildren();
    tiles.clear();
    $('#login').hidden = false;
    $('#login-error').textContent = message || '';
    setStatus('signed out');
    $('#key').focus();
  }

  function start(key) {
    $('#login').hidden = true;
    connect(key);
  }

  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('#key').value.trim();
    $('#key').value = '';
    if (!key) return;
    sessionStorage.setItem(keyName, key);
    start(key);
  });
  $('#forget').addEventListener('click', () => askForKey(''));
  $('#filter').addEventListener('input', () => tiles.forEach(applyFilter));
  setInterval(() => tiles.forEach(tick), 500);

  // A key handed over in the fragment (never sent to the server) is kept for this tab and taken off the URL.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem(keyName, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const key = sessionStorage.getItem(keyName);
  if (key) start(key);
  else askForKey('');
})();
`;

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
