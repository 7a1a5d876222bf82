import type { Bundle, ZObject } from 'zapier-platform-core';

/**
 * Fetches an audio file only when a later step asks for its content (a Slack upload, say), and stashes it
 * where Zapier can hand it on. The file URL needs no API key, so the request carries none.
 */
export const downloadAudio = async (z: ZObject, bundle: Bundle) =>
  z.stashFile(z.request({ url: String(bundle.inputData.url), raw: true }));

export default { downloadAudio };
