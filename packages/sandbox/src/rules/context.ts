import type { AudioFiles } from '../storage/audio-files.js';
import type { Db } from '../storage/db.js';
import type { Contract } from './contract.js';
import type { PlayerChanges } from './player-changes.js';
import type { RateLimits, RateWindowLengths } from './rate-windows.js';

/** What every route and background job shares. */
export interface SandboxContext {
  db: Db;
  files: AudioFiles;
  contract: Contract;
  clock: () => Date;
  rateLimits: RateLimits;
  rateWindows: RateWindowLengths;
  maxUploadBytes: number;
  /** Check every response against the contract (on in tests: drift answers 500). */
  checkResponses: boolean;
  /** The origin clients reach the sandbox at (`http://127.0.0.1:4010`). */
  origin: () => string;
  /** Wakes the delivery loop: a send became due or a webhook event was queued. */
  wakeDeliveries: () => void;
  deliveriesAlive: () => boolean;
  /** Which players changed, for live views such as the store wall. */
  playerChanges: PlayerChanges;
  version: string;
}
