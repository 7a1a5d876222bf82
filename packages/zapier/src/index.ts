import zapier, { defineApp } from 'zapier-platform-core';
import packageJson from '../package.json';
import authentication from './authentication.js';
import deleteAudio from './creates/delete_audio.js';
import sendAudio from './creates/send_audio.js';
import uploadAudio from './creates/upload_audio.js';
import hydrators from './hydrators.js';
import findAudio from './searches/find_audio.js';
import audioList from './triggers/audio_list.js';
import newAudio from './triggers/new_audio.js';

/** The app Zapier's zap authors get: only what works against the live Musique API (the sandbox build: sandbox.ts). */
export default defineApp({
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  hydrators,
  triggers: {
    [newAudio.key]: newAudio,
    [audioList.key]: audioList,
  },
  creates: {
    [uploadAudio.key]: uploadAudio,
    [sendAudio.key]: sendAudio,
    [deleteAudio.key]: deleteAudio,
  },
  searches: {
    [findAudio.key]: findAudio,
  },
  searchOrCreates: {
    [findAudio.key]: {
      key: findAudio.key,
      display: {
        label: 'Find or Upload Audio',
        description: 'Finds audio by name, and uploads it when there is none yet.',
      },
      search: findAudio.key,
      create: uploadAudio.key,
    },
  },
});
