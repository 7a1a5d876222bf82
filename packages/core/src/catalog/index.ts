/**
 * The operation catalog: what each operation is, its fields and its result, described once and built from the
 * contract, with the rules every surface shares. Zapier, n8n, the CLI, the bot and the MCP server each map it
 * into their own shape in one module.
 */
export { checkAudioFile } from '../validation.js';
export * from './fields.js';
export { formatBytes, formatDuration } from './format.js';
export { canonicalJson, deriveIdempotencyKey } from './idempotency.js';
export {
  type InputOf,
  type Operation,
  type OperationKey,
  operations,
  parseInput,
  type ResultField,
} from './operations.js';
export { needsConfirmation } from './rules.js';
export { readTimeInZone, readWallTime, type WallTimeParts, wallTimeAt } from './time.js';
export {
  formatInZone,
  lateNote,
  SEND_TIME_GRACE_MINUTES,
  type TimeToPlay,
  timeToPlay,
} from './time-to-play.js';
export { extractSpokenTime, readTimeToPlay, type SpokenTime, spokenTimeAt } from './when.js';
