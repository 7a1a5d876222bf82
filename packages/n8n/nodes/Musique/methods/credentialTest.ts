import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  ConnectionError,
  DEFAULT_BASE_URL,
  MusiqueClient,
  NotFoundError,
  PermissionError,
} from '@musique/core';
import {
  type ICredentialsDecrypted,
  type ICredentialTestFunctions,
  type INodeCredentialTestResult,
  sleep,
} from 'n8n-workflow';
import { credentialTestTransport } from '../transport';

/**
 * The credential's Test button: one page of one audio file (`GET /audio`, in the current API docs) with the key.
 * A function rather than the credential's declarative test, because n8n shows a declarative test's network
 * failure as its bare code ("ENOTFOUND"); here every failure is a sentence that names the Base URL.
 */
export async function musiqueApiTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  const { apiKey, baseUrl } = (credential.data ?? {}) as { apiKey?: string; baseUrl?: string };
  const base = baseUrl?.trim() || DEFAULT_BASE_URL;
  try {
    const client = new MusiqueClient({
      apiKey: String(apiKey ?? ''),
      baseUrl: base,
      // n8n gives a credential test no other HTTP helper than `request` (ICredentialTestFunctions), so the rule
      // that prefers httpRequest has nothing to offer here.
      // eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
      transport: credentialTestTransport(this.helpers.request),
      // One try: a person is waiting on the Test button, and the answer does not change on a retry.
      retry: false,
      sleep,
      randomUUID,
      userAgent: 'n8n-nodes-musique/0.1.0',
    });
    await client.audio.list({ limit: 1 });
    return { status: 'OK', message: 'Connection tested successfully' };
  } catch (error) {
    return { status: 'Error', message: testFailure(error, base) };
  }
}

/** What to change, said where a person fixes it: the key, its permissions, or the Base URL. */
function testFailure(error: unknown, base: string): string {
  if (error instanceof AuthenticationError)
    return 'Musique did not accept this API key: check it is the whole key Musique gave your company (it starts with msk_), or ask Musique for a new one if it was revoked or has expired.';
  if (error instanceof PermissionError)
    return 'This API key may not read your audio: ask Musique for a key with the audio permissions.';
  if (error instanceof NotFoundError)
    return `The Base URL ${base} does not lead to the Musique API: keep the default, ${DEFAULT_BASE_URL}, or use your sandbox's URL ending in /api/v1/integration.`;
  if (error instanceof ConnectionError) return error.message;
  if (error instanceof TypeError)
    return `The Base URL ${base} is not a web address: keep the default, ${DEFAULT_BASE_URL}, or use your sandbox's URL.`;
  return error instanceof Error ? error.message : String(error);
}
