import { operations, parseInput } from '@musique/core';
import { openAudioSource } from '../files.js';
import { type McpTool, success } from './tool.js';

/** upload_audio: the file's bytes, an https URL, or over stdio a path on this machine. */
export const uploadAudio: McpTool = {
  operation: operations.uploadAudio,
  async run(input, { client, files }) {
    const { file, ...details } = parseInput(operations.uploadAudio, input) as { file: string; name?: string };
    return success(await client.audio.upload({ file: await openAudioSource(file, files), ...details }));
  },
};
