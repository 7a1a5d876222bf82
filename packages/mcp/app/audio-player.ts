import { h } from './dom.js';

/** What the picker and the preview know of an audio file (the API's Audio, the fields shown here). */
export interface AudioSummary {
  audioId: string;
  name: string;
  duration: number;
  category?: string | null;
  url?: string | null;
}

/** "1:05" for 65 seconds. */
export const minutes = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

/**
 * A play button for the promo itself, streamed from the API's file host (the only media origin the app's CSP
 * allows). One audio element per button; only the metadata loads until the person presses play.
 */
export function playButton(audio: AudioSummary): HTMLElement {
  if (!audio.url) return h('span', { class: 'muted' }, 'no preview');
  const element = h('audio', { src: audio.url, preload: 'metadata', 'data-audio-id': audio.audioId });
  const button = h('button', { class: 'play', type: 'button', 'aria-label': `Play ${audio.name}` }, '▶ Play');
  button.addEventListener('click', () => {
    if (element.paused) void element.play().catch(() => (button.textContent = 'Cannot play'));
    else element.pause();
  });
  element.addEventListener('play', () => (button.textContent = '❚❚ Pause'));
  element.addEventListener('pause', () => (button.textContent = '▶ Play'));
  element.addEventListener('ended', () => (button.textContent = '▶ Play'));
  element.addEventListener('error', () => (button.textContent = 'Cannot load'));
  return h('span', { class: 'player' }, button, element);
}
