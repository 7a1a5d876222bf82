import { h } from '../dom.js';

/** A send as the API answered it (send_audio's structured result). */
export interface SentView {
  sendId: string;
  audioId: string;
  destinations: { externalId: string; status: string }[];
  scheduled: boolean;
  scheduleAt: string | null;
  status: string;
  message?: string;
}

/** store_status's answer: where this send is on each store's player, where the API can tell. */
export interface StoreStatusView {
  live: boolean;
  stores: {
    externalId: string;
    thisSend: string | null;
    nowPlaying: { name: string; sendId: string } | null;
  }[];
  note?: string;
}

export interface StoreActions {
  /** Reads the stores again through the server's read-only tool. */
  refresh(): Promise<StoreStatusView | string>;
}

function tile(
  destination: SentView['destinations'][number],
  sendId: string,
  live?: StoreStatusView['stores'][number],
) {
  const playingThis = live?.nowPlaying?.sendId === sendId;
  return h(
    'li',
    { class: `tile store${playingThis ? ' playing' : ''}`, 'data-store': destination.externalId },
    h('strong', {}, destination.externalId),
    h(
      'span',
      { class: 'badge', 'data-status': live?.thisSend ?? destination.status },
      live?.thisSend ?? destination.status,
    ),
    live
      ? h('span', { class: 'now muted' }, live.nowPlaying ? `Now: ${live.nowPlaying.name}` : 'Now: silence')
      : null,
  );
}

/** Each destination with the API's status, refreshed on request (and once a little after it opens). */
export function storeView(sent: SentView, actions: StoreActions): HTMLElement {
  const list = h('ul', { class: 'tiles stores-live' });
  const note = h('p', { class: 'muted note' });
  const refreshButton = h('button', { type: 'button' }, 'Refresh');
  const render = (status?: StoreStatusView) => {
    const byStore = new Map(status?.stores.map((store) => [store.externalId, store]));
    list.replaceChildren(
      ...sent.destinations.map((destination) =>
        tile(destination, sent.sendId, byStore.get(destination.externalId)),
      ),
    );
    note.textContent = status?.note ?? '';
  };
  const refresh = async () => {
    refreshButton.disabled = true;
    const answer = await actions.refresh();
    refreshButton.disabled = false;
    if (typeof answer === 'string') note.textContent = answer;
    else render(answer);
  };
  refreshButton.addEventListener('click', () => void refresh());
  render();
  void refresh();
  return h(
    'article',
    { class: 'view stores-view', 'data-view': 'stores', 'data-send-id': sent.sendId },
    h('h1', {}, sent.message ?? `Sent to ${sent.destinations.length} stores`),
    h(
      'p',
      { class: 'muted' },
      `Send ${sent.sendId} · ${sent.status}${sent.scheduleAt ? ` · plays ${sent.scheduleAt}` : ''}`,
    ),
    list,
    note,
    h('div', { class: 'actions' }, refreshButton),
  );
}
