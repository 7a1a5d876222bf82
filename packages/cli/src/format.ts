import { type Audio, formatDuration } from '@musique/core';

// Sizes and durations read as the other surfaces show them.
export { formatBytes, formatDuration } from '@musique/core';

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
