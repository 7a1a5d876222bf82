import { DEFAULT_BASE_URL } from '@musique/core';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { apiBaseUrl, withMusique } from './client.js';

/**
 * The client checks the key's shape (a pasted key with a space fails with a clear word), then asks `GET /`,
 * which the current docs list and which needs a working key (`POST /test` is only in the older docs).
 */
const test = (z: ZObject, bundle: Bundle) =>
  withMusique(z, bundle, async (client) => {
    const { integration } = await client.system.info();
    return { externalId: integration.externalId, permissions: integration.permissions };
  });

/** The account's external ID, and the API it talks to when that is not production (the sandbox, say). */
const connectionLabel = async (_z: ZObject, bundle: Bundle<{ externalId?: string }>) => {
  const account = bundle.inputData.externalId ?? 'Musique';
  const baseUrl = apiBaseUrl(bundle.authData);
  return baseUrl === DEFAULT_BASE_URL ? account : `${account} (${new URL(baseUrl).host})`;
};

export default {
  type: 'custom',
  fields: [
    {
      key: 'apiKey',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        'Your Musique Partner API key, such as `msk_prod_…`. Musique gives it to you; it needs the audio.read, audio.write, audio.send and audio.delete permissions for every step to work.',
    },
    {
      key: 'baseUrl',
      label: 'API Base URL (advanced)',
      type: 'string',
      required: false,
      helpText: `Leave blank to use Musique (${DEFAULT_BASE_URL}). For testing, the base URL your Musique sandbox prints, such as \`http://127.0.0.1:4010/api/v1/integration\`, reachable from Zapier.`,
    },
    {
      key: 'storeGroups',
      label: 'Store Groups (optional)',
      type: 'text',
      required: false,
      helpText:
        'Names for sets of stores, so a send can go to "paris" or "north": one group per line or separated by semicolons, as `paris = store_001-store_010`. The same setting as MUSIQUE_STORE_GROUPS for the CLI, the bot and the MCP server.',
    },
  ],
  test,
  connectionLabel,
} satisfies Authentication;
