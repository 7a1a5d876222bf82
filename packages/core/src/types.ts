// The contract's shapes, generated from shared/openapi/musique.openapi.yaml (`pnpm generate`), under short names.
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

export type Audio = Schemas['Audio'];
export type UploadedAudio = Schemas['UploadedAudio'];
export type AudioList = Schemas['AudioList'];
export type DeletedAudio = Schemas['DeletedAudio'];
export type Priority = Schemas['Priority'];
export type Send = Schemas['Send'];
export type Destination = Schemas['Destination'];
export type Health = Schemas['Health'];
export type ApiInfo = Schemas['ApiInfo'];
export type RateLimits = Schemas['RateLimits'];
export type UsageLog = Schemas['UsageLog'];
export type UsageLogList = Schemas['UsageLogList'];
export type Permission = Schemas['Permission'];
export type TokenTest = Schemas['TokenTest'];
export type GeneratedToken = Schemas['GeneratedToken'];
export type RevokedToken = Schemas['RevokedToken'];
export type Webhook = Schemas['Webhook'];
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type Location = Schemas['Location'];
export type PlayerItem = Schemas['PlayerItem'];
export type PlayerState = Schemas['PlayerState'];
export type ErrorCode = Schemas['ErrorCode'];
export type Paths = import('./generated/openapi.js').paths;

/**
 * The body of POST /audio/{audioId}/send, as the contract writes it (fields with a default may be left out);
 * the core's send plan builds it.
 */
export type SendRequest = Pick<Schemas['SendRequest'], 'externalIds'> &
  Partial<Omit<Schemas['SendRequest'], 'externalIds'>>;
