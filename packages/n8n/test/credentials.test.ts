import { DEFAULT_BASE_URL } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { MusiqueApi } from '../credentials/MusiqueApi.credentials';
import { musiqueClient } from '../nodes/Musique/transport';
import { createContext, testCredential } from './harness/n8n-context';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none' });
});
afterAll(() => sandbox.stop());

test("the credential's test lists audio, an operation the current docs list, and accepts a valid key", async () => {
  const { request } = new MusiqueApi().test;
  expect(`${request.method} ${request.url}`).toBe('GET /audio');
  const result = await testCredential({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  expect(result).toMatchObject({ status: 'OK' });
});

test('a wrong key is told what to check, not "Unauthorized"', async () => {
  const result = await testCredential({
    apiKey: `${sandbox.apiKey.slice(0, -4)}zzzz`,
    baseUrl: `${sandbox.baseUrl}/`,
  });
  expect(result.statusCode).toBe(401);
  expect(result.message).toMatch(/^Musique did not accept this API key: check it is the whole key/);
});

test('a Base URL that is not the API says what to put there, not "Not Found"', async () => {
  const result = await testCredential({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl.replace('/api/v1/integration', '/api/v9'),
  });
  expect(result.statusCode).toBe(404);
  expect(result.message).toContain(`keep the default, ${DEFAULT_BASE_URL}`);
});

test('an empty Base URL means the one default, as in the nodes', () => {
  const { request } = new MusiqueApi().test;
  expect(request.baseURL).toBe(`={{$credentials.baseUrl || "${DEFAULT_BASE_URL}"}}`);
  const baseUrl = new MusiqueApi().properties.find((property) => property.name === 'baseUrl');
  expect(baseUrl?.default).toBe(DEFAULT_BASE_URL);
});

test('the nodes read an empty Base URL as that same default', async () => {
  const harness = createContext({ credentials: { apiKey: sandbox.apiKey, baseUrl: '  ' }, parameters: {} });
  const client = await musiqueClient(harness.context);
  expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
});
