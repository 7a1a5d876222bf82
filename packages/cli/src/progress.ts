import type { Writable } from 'node:stream';
import { formatBytes } from './format.js';

/** A one-line progress bar on a terminal, redrawn in place. */
export class ProgressBar {
  private done = 0;
  private lastPercent = -1;

  constructor(
    private readonly out: Writable,
    private readonly total: number,
    private readonly label: string,
  ) {}

  advance(bytes: number): void {
    this.done += bytes;
    const percent = Math.min(100, Math.floor((this.done / this.total) * 100));
    if (percent === this.lastPercent) return;
    this.lastPercent = percent;
    const filled = Math.round(percent / 5);
    this.out.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(percent).padStart(3)}% ` +
        `${formatBytes(this.done)} of ${formatBytes(this.total)}${percent === 100 ? '\n' : ''}`,
    );
  }
}
