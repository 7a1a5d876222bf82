export { type KeyEnvironment, type ParsedApiKey, parseApiKey } from './api-key.js';
export { API_YEARS, isApiYear } from './api-years.js';
export {
  type AudioFilterName,
  type AudioFilters,
  ignoredAudioFilters,
  matchesAudioFilters,
} from './audio-filters.js';
export { AUDIO_CONTENT_TYPES, type AudioFormat, contentTypeOf, detectAudioFormat } from './audio-format.js';
export * from './catalog/index.js';
export { MusiqueClient } from './client.js';
export {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  type ErrorType,
  MusiqueError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from './errors.js';
export * from './generated/contract.js';
export { encodeMultipart } from './multipart.js';
export type { Pacer, RateLimitState } from './pacing.js';
export * from './plan/index.js';
export { type ClientOptions, DEFAULT_BASE_URL, type RequestOptions } from './request.js';
export type { ListAudioParams, PostOptions, UploadAudioParams } from './resources/audio.js';
export type { LogFilters } from './resources/system.js';
export { type ResponseMeta, responseOf } from './response-meta.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export type { Runtime } from './runtime.js';
export {
  createStoreDirectory,
  expandStoreRanges,
  formatStore,
  resolveStores,
  type StoreDirectory,
  splitStoreList,
} from './stores.js';
export {
  fetchTransport,
  type MultipartBody,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type UploadFile,
} from './transport.js';
export type * from './types.js';
export { audioFileFromBytes, checkUploadSize, MAX_UPLOAD_BYTES } from './validation.js';
