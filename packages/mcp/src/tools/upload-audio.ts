import { operations, parseInput } from '@musique/core';
import { openAudioSource } from '../files.js';
import { type McpTool, success } from './tool.js';

/** upload_audio: the file's bytes, an https URL, or over stdio a path on this machine. */
export const uploadAudio: McpTool = {
  operation: operations.uploadAudio,
  async run(input, { client, files, progress }) {
    const { file, ...details } = parseInput(operations.uploadAudio, input);
    const source = await openAudioSource(file, files, (received, total) =>
      progress(received, total, 'Downloading the file'),
    );
    const uploaded = await client.audio.upload({ file: source, ...details });
    progress(source.knownLength ?? 1, source.knownLength ?? 1, 'Uploaded to Musique');
    return success(uploaded);
  },
};
