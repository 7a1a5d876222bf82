export { type AudioFormat, type AudioInfo, analyzeAudio, NotAudioError } from './audio/index.js';
export type { PlayerState } from './players.js';
export type { RateLimits } from './rate-limits.js';
export { type Sandbox, type SandboxOptions, startSandbox } from './sandbox.js';
export type { Permission } from './tokens.js';
export { signWebhook, type WebhookRetry } from './webhooks.js';
