// @ts-check
// The store wall's page script: renders the players feed (GET /sandbox/players/stream) as one tile per store.

/**
 * @typedef {{ priority: string, name: string, repeat: number, volume: number, scheduleAt?: string | null }} Item
 * @typedef {Item & { startedAt: string | null, endsAt: string | null }} Playing
 * @typedef {{ externalId: string, name: string, nowPlaying: Playing | null, queue: Item[], scheduled: Item[] }} Store
 * @typedef {{ node: HTMLElement, store: Store }} Tile
 */
(() => {
  const apiBase = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="musique-api"]')).content;
  const keyName = 'musique.wall.key';
  /** An element the page always has. @type {(selector: string) => any} */
  const $ = (selector) => document.querySelector(selector);
  const wall = $('#wall');
  /** @type {Map<string, Tile>} */
  const tiles = new Map();
  let offsetMs = 0;
  /** @type {AbortController | null} */
  let connection = null;

  /** @type {(tag: string, className?: string | null, text?: string) => HTMLElement} */
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  /** @param {number} ms */
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  /** @type {(text: string, live?: boolean) => void} */
  const setStatus = (text, live) => {
    $('#status').textContent = text;
    $('#status').className = live ? 'live' : '';
  };
  /** @param {string} iso */
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  /** @param {number} seconds */
  const clock = (seconds) =>
    `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

  /** @param {Item} item @param {boolean} withSchedule */
  function itemLine(item, withSchedule) {
    const li = el('li');
    li.append(el('span', `badge ${item.priority}`, item.priority), el('span', 'name', item.name));
    const meta = [];
    if (item.repeat > 1) meta.push(`x${item.repeat}`);
    if (item.volume !== 100) meta.push(`vol ${item.volume}`);
    if (withSchedule && item.scheduleAt) meta.push(`at ${when(item.scheduleAt)}`);
    if (meta.length) li.append(' ', el('span', 'meta', meta.join(' · ')));
    return li;
  }

  /** @param {string} className @param {string} title @param {Item[]} items @param {boolean} withSchedule */
  function section(className, title, items, withSchedule) {
    const part = el('section', className);
    part.append(el('div', 'label', `${title} (${items.length})`));
    if (items.length === 0) part.append(el('div', 'idle', 'nothing'));
    else {
      const list = el('ol');
      for (const item of items) list.append(itemLine(item, withSchedule));
      part.append(list);
    }
    return part;
  }

  /** @param {Store} store @param {boolean} changed */
  function render(store, changed) {
    let tile = tiles.get(store.externalId);
    if (!tile) {
      tile = { node: el('article', 'tile'), store };
      tile.node.dataset.store = store.externalId;
      tiles.set(store.externalId, tile);
      const after = [...tiles.keys()]
        .sort()
        .find((id) => id > store.externalId && tiles.get(id)?.node.isConnected);
      wall.insertBefore(tile.node, (after && tiles.get(after)?.node) || null);
    }
    tile.store = store;
    const heading = el('h2');
    heading.append(el('span', 'store-name', store.name), el('small', null, store.externalId));
    const now = el('section', 'now');
    now.append(el('div', 'label', 'Now playing'));
    if (store.nowPlaying) {
      const line = el('div');
      line.append(
        el('span', `badge ${store.nowPlaying.priority}`, store.nowPlaying.priority),
        el('span', 'name', store.nowPlaying.name),
      );
      const bar = el('div', 'bar');
      bar.append(el('div'));
      now.append(line, bar, el('div', 'left'));
    } else now.append(el('div', 'idle', 'silent'));
    tile.node.replaceChildren(
      heading,
      now,
      section('queue', 'Queued', store.queue, false),
      section('scheduled', 'Scheduled', store.scheduled, true),
    );
    if (changed) {
      tile.node.classList.remove('changed');
      void tile.node.offsetWidth;
      tile.node.classList.add('changed');
    }
    tick(tile);
    applyFilter(tile);
  }

  /** @param {Tile} tile */
  function tick(tile) {
    const playing = tile.store.nowPlaying;
    if (!playing?.endsAt) return;
    const start = Date.parse(playing.startedAt ?? playing.endsAt),
      end = Date.parse(playing.endsAt);
    const now = Date.now() + offsetMs;
    const done = Math.min(1, Math.max(0, (now - start) / Math.max(1, end - start)));
    /** @type {HTMLElement} */ (tile.node.querySelector('.bar > div')).style.width =
      `${(done * 100).toFixed(1)}%`;
    /** @type {HTMLElement} */ (tile.node.querySelector('.left')).textContent =
      `${clock(Math.max(0, (end - now) / 1000))} left`;
  }

  /** @param {Tile} tile */
  function applyFilter(tile) {
    const text = $('#filter').value.trim().toLowerCase();
    const store = tile.store;
    tile.node.hidden = text !== '' && !`${store.name} ${store.externalId}`.toLowerCase().includes(text);
  }

  /** @param {string} type @param {{ serverTime: string, stores?: Store[], store?: Store }} data */
  function onEvent(type, data) {
    offsetMs = Date.parse(data.serverTime) - Date.now();
    if (type === 'snapshot' && data.stores) {
      wall.replaceChildren();
      tiles.clear();
      for (const store of data.stores) render(store, false);
      $('#count').textContent = `${data.stores.length} stores`;
    } else if (type === 'store' && data.store) render(data.store, true);
  }

  /** @param {ReadableStream<any>} body */
  async function readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message',
          data = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        if (data) onEvent(type, JSON.parse(data));
      }
    }
  }

  /** @param {string} key */
  async function connect(key) {
    const controller = new AbortController();
    connection = controller;
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        setStatus('connecting…');
        const response = await fetch(`${apiBase}/sandbox/players/stream`, {
          headers: { 'x-api-key': key, accept: 'text/event-stream' },
          cache: 'no-store',
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          const body = await response.json().catch(() => null);
          return askForKey(body?.error?.message || 'That key was refused.');
        }
        if (response.status === 429) {
          const wait = Number(response.headers.get('retry-after') || 5);
          setStatus(`rate limited; retrying in ${wait} s`);
          await sleep(wait * 1000);
          continue;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        setStatus('live', true);
        delay = 1000;
        await readEvents(response.body);
      } catch (_error) {
        if (controller.signal.aborted) return;
      }
      setStatus('reconnecting…');
      await sleep(delay);
      delay = Math.min(delay * 2, 10000);
    }
  }

  /** @param {string} [message] */
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

  /** @param {string} key */
  function start(key) {
    $('#login').hidden = true;
    connect(key);
  }

  $('#login').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
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
