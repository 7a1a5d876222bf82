import type { Audio } from '@musique/core';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** One line per audio file: id, duration, category, name. */
export function audioLine(
  audio: Pick<Audio, 'audioId' | 'name' | 'duration'> & { category?: string | null },
): string {
  const category = audio.category ? `[${audio.category}] ` : '';
  return `${audio.audioId}  ${formatDuration(audio.duration).padStart(5)}  ${category}${audio.name}`;
}

export function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
}
