import { DEFAULT_BASE_URL } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { MusiqueApi } from '../credentials/MusiqueApi.credentials';
import { Musique } from '../nodes/Musique/Musique.node';
import { musiqueClient } from '../nodes/Musique/transport';
import { MusiqueSandboxTrigger } from '../nodes/MusiqueSandboxTrigger/MusiqueSandboxTrigger.node';
import { MusiqueTrigger } from '../nodes/MusiqueTrigger/MusiqueTrigger.node';
import { createContext, testCredential } from './harness/n8n-context';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none' });
});
afterAll(() => sandbox.stop());

test('every node names the one credential test, so n8n runs it whichever node the credential was made from', () => {
  for (const node of [new Musique(), new MusiqueTrigger(), new MusiqueSandboxTrigger()]) {
    expect(node.description.credentials).toEqual([
      { name: 'musiqueApi', required: true, testedBy: 'musiqueApiTest' },
    ]);
    expect(node.methods.credentialTest.musiqueApiTest).toBeInstanceOf(Function);
  }
  // n8n prefers a credential's own declarative test to the nodes' function: there is none.
  expect('test' in new MusiqueApi()).toBe(false);
});

test('the test lists audio, an operation the current docs list, and accepts a valid key', async () => {
  const result = await testCredential({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
});

test('a wrong key is told what to check, not "Unauthorized"', async () => {
  const result = await testCredential({
    apiKey: `${sandbox.apiKey.slice(0, -4)}zzzz`,
    baseUrl: `${sandbox.baseUrl}/`,
  });
  expect(result.status).toBe('Error');
  expect(result.message).toMatch(/^Musique did not accept this API key: check it is the whole key/);
});

test('a Base URL that is not the API says what to put there, not "Not Found"', async () => {
  const wrong = sandbox.baseUrl.replace('/api/v1/integration', '/api/v9');
  const result = await testCredential({ apiKey: sandbox.apiKey, baseUrl: wrong });
  expect(result.message).toBe(
    `The Base URL ${wrong} does not lead to the Musique API: keep the default, ${DEFAULT_BASE_URL}, or use your sandbox's URL ending in /api/v1/integration.`,
  );
});

test('a closed port names the address and what to check, not "ECONNREFUSED"', async () => {
  const result = await testCredential({
    apiKey: sandbox.apiKey,
    baseUrl: 'http://127.0.0.1:9/api/v1/integration',
  });
  expect(result.status).toBe('Error');
  expect(result.message).toMatch(
    /^Nothing answers at http:\/\/127\.0\.0\.1:9: check the Base URL's host and port in the Musique credential, and, for a sandbox, that it is running \(ECONNREFUSED\)\.$/,
  );
});

test('a host that does not exist names the Base URL and what to check, not "ENOTFOUND"', async () => {
  const result = await testCredential({
    apiKey: sandbox.apiKey,
    baseUrl: 'http://musique.invalid/api/v1/integration',
  });
  expect(result.message).toMatch(
    /^Could not find musique\.invalid, the host of the Base URL http:\/\/musique\.invalid: check the Base URL in the Musique credential \(leave it empty for the Musique API\), and that n8n can reach the internet \(DNS, proxy\) \((ENOTFOUND|EAI_AGAIN)\)\.$/,
  );
});

test('an empty Base URL means the one default, in the test and in the nodes', async () => {
  const baseUrl = new MusiqueApi().properties.find((property) => property.name === 'baseUrl');
  expect(baseUrl?.default).toBe(DEFAULT_BASE_URL);
  const harness = createContext({ credentials: { apiKey: sandbox.apiKey, baseUrl: '  ' }, parameters: {} });
  const client = await musiqueClient(harness.context);
  expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
  // The production host cannot be reached from here: the test says which host it tried.
  const result = await testCredential({ apiKey: sandbox.apiKey, baseUrl: '' });
  expect(result.message).toContain(new URL(DEFAULT_BASE_URL).host);
});
