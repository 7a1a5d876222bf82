import { defineApp } from 'zapier-platform-core';
import App from './index.js';
import newAudioInstant from './triggers/new_audio_instant.js';

/**
 * The sandbox build (`pnpm zip:sandbox`): the app plus New Audio (Instant), which needs the webhooks only a
 * Musique sandbox has. Zapier lists every visible trigger of a version to every zap author, so a trigger that
 * cannot turn on against the live API ships only in a version a developer pushes for the sandbox.
 */
export default defineApp({
  ...App,
  // After the production triggers, so New Audio stays first.
  triggers: { ...App.triggers, [newAudioInstant.key]: newAudioInstant },
});
