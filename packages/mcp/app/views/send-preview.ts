import type { SendPlan } from '@musique/core';
import { minutes, playButton } from '../audio-player.js';
import { h } from '../dom.js';

/**
 * The core's send plan as the server hands it over (JSON): what plays, where, when and how. The app shows it
 * and decides nothing: the stores, the groups, the time on the person's clock and the question are the core's.
 */
export type SendPlanView = SendPlan;

export interface PendingSend {
  status: 'needs_confirmation';
  plan: SendPlanView;
  confirmationToken: string;
  message: string;
}

export interface PreviewActions {
  /** The person clicked Confirm: send exactly this plan once. */
  confirm(): Promise<void>;
  /** The person clicked Cancel: nothing is sent. */
  cancel(): void;
}

const STORE_TILES_SHOWN = 60;

function storeTiles(ids: readonly string[]) {
  const shown = ids.slice(0, STORE_TILES_SHOWN).map((id) => h('li', { class: 'tile' }, id));
  const more = ids.length - shown.length;
  return h(
    'ul',
    { class: 'tiles' },
    ...shown,
    more > 0 ? h('li', { class: 'tile more' }, `+${more} more`) : null,
  );
}

/** The groups named, each a tile with its count, then the stores named one by one. */
function storesSection(stores: SendPlanView['stores']) {
  return h(
    'section',
    { class: 'stores', 'aria-label': 'Stores' },
    h(
      'h2',
      {},
      `Stores · ${stores.externalIds.length}`,
      h('span', { class: 'muted' }, ` ${stores.described}`),
    ),
    stores.groups.length > 0
      ? h(
          'ul',
          { class: 'tiles groups' },
          ...stores.groups.map((group) =>
            h(
              'li',
              { class: 'tile group', 'data-group': group.name },
              group.name,
              h('span', { class: 'count' }, String(group.count)),
            ),
          ),
        )
      : null,
    storeTiles(stores.everyStore ? stores.externalIds : stores.stores),
  );
}

const setting = (label: string, value: string | number | undefined) =>
  h(
    'div',
    { class: 'setting' },
    h('dt', {}, label),
    h('dd', {}, value === undefined ? 'default' : String(value)),
  );

export function sendPreview(pending: PendingSend, actions: PreviewActions): HTMLElement {
  const { plan } = pending;
  const status = h('p', { class: 'status', role: 'status' });
  const confirmButton = h('button', { class: 'primary', type: 'button' }, 'Confirm');
  const cancelButton = h('button', { type: 'button' }, 'Cancel');
  confirmButton.addEventListener('click', async () => {
    // One click, one send: both buttons go before the call, so a double click cannot send twice.
    confirmButton.disabled = cancelButton.disabled = true;
    status.textContent = 'Sending…';
    await actions.confirm();
  });
  cancelButton.addEventListener('click', () => {
    confirmButton.disabled = cancelButton.disabled = true;
    actions.cancel();
  });
  return h(
    'article',
    { class: 'view preview', 'data-view': 'preview' },
    h('h1', {}, plan.confirm?.question ?? pending.message),
    h(
      'section',
      { class: 'audio card', 'aria-label': 'Audio' },
      h(
        'div',
        {},
        h('strong', { class: 'name' }, plan.audio.name),
        h(
          'div',
          { class: 'muted' },
          `${minutes(plan.audio.duration)} · ${plan.audio.category ?? 'no category'}`,
        ),
      ),
      playButton(plan.audio),
    ),
    storesSection(plan.stores),
    h(
      'dl',
      { class: 'settings' },
      setting('When', `${plan.when} (${plan.timeZone})`),
      setting('Priority', plan.priority),
      setting('Repeat', plan.repeat),
      setting('Volume', plan.volume),
    ),
    plan.notes.length > 0
      ? h('ul', { class: 'notes' }, ...plan.notes.map((note) => h('li', {}, note)))
      : null,
    h('div', { class: 'actions' }, cancelButton, confirmButton),
    status,
  );
}
