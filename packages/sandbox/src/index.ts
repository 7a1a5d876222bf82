export {
  type AudioFormat,
  type AudioInfo,
  analyzeAudio,
  NotAudioError,
} from './rules/audio-formats/index.js';
export type { PlayerState } from './rules/player-state.js';
export type { RateLimits } from './rules/rate-windows.js';
export { signWebhook, type WebhookRetry } from './rules/webhook-events.js';
export { type Sandbox, type SandboxOptions, startSandbox } from './sandbox.js';
export type { Permission } from './storage/records.js';
