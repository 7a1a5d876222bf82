import { MusiqueClient } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';

export const client = (sandbox: Sandbox) =>
  new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
