import { type AudioSummary, minutes, playButton } from '../audio-player.js';
import { h } from '../dom.js';

export interface LibraryActions {
  /** The audio whose names match, through the server's find_audio (all of the first page when empty). */
  search(text: string): Promise<AudioSummary[] | string>;
  /** The person picked this audio: tell the assistant. */
  choose(audio: AudioSummary): void;
}

function row(audio: AudioSummary, actions: LibraryActions) {
  return h(
    'li',
    { class: 'audio-row', 'data-audio-id': audio.audioId },
    h(
      'div',
      { class: 'grow' },
      h('strong', {}, audio.name),
      h(
        'div',
        { class: 'muted' },
        `${minutes(audio.duration)} · ${audio.category ?? 'no category'} · ${audio.audioId}`,
      ),
    ),
    playButton(audio),
    h('button', { type: 'button', class: 'primary', onclick: () => actions.choose(audio) }, 'Use this'),
  );
}

/** The library with a search box and a preview of each audio; picking one tells the assistant which. */
export function libraryView(first: AudioSummary[], actions: LibraryActions): HTMLElement {
  const list = h('ul', { class: 'library' });
  const note = h('p', { class: 'muted', role: 'status' });
  const render = (audio: AudioSummary[]) => {
    list.replaceChildren(...audio.map((item) => row(item, actions)));
    note.textContent = audio.length === 0 ? 'No audio matches.' : `${audio.length} audio files`;
  };
  const input = h('input', { type: 'search', placeholder: 'Search by name', 'aria-label': 'Search audio' });
  // No <form>: a host's sandbox may forbid form submission (no allow-forms), so Enter and the button search.
  const search = async () => {
    const found = await actions.search(input.value.trim());
    if (typeof found === 'string') note.textContent = found;
    else render(found);
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void search();
  });
  const bar = h(
    'div',
    { class: 'search' },
    input,
    h('button', { type: 'button', onclick: () => void search() }, 'Search'),
  );
  render(first);
  return h(
    'article',
    { class: 'view library-view', 'data-view': 'library' },
    h('h1', {}, 'Audio library'),
    bar,
    list,
    note,
  );
}
