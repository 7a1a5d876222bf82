export { Confirmations } from './confirmations.js';
export { type HttpServer, startHttpServer } from './http.js';
export { metadataUrl, type OAuthSettings, resourceMetadata, SCOPES } from './oauth.js';
export { createMusiqueServer, type MusiqueServerOptions, toolName } from './server.js';
export { musiqueServerFor, type Settings, settingsFromEnv } from './setup.js';
