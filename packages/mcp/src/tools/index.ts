/** Every tool the server offers, one file each; the server registers exactly this list. */
import { deleteAudio } from './delete-audio.js';
import { findAudio } from './find-audio.js';
import { getAudio } from './get-audio.js';
import { health } from './health.js';
import { limits } from './limits.js';
import { listAudio } from './list-audio.js';
import { sendAudio } from './send-audio.js';
import type { McpTool } from './tool.js';
import { uploadAudio } from './upload-audio.js';

export const TOOLS: readonly McpTool[] = [
  listAudio,
  findAudio,
  getAudio,
  uploadAudio,
  sendAudio,
  deleteAudio,
  health,
  limits,
];

export { failure, type McpTool, success, type ToolAnswer, type ToolContext } from './tool.js';
