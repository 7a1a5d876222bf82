import { type Sandbox, startSandbox } from '@musique/sandbox';
import { testCredential } from './harness/n8n-context';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none' });
});
afterAll(() => sandbox.stop());

test("the credential's test request accepts a valid key", async () => {
  const response = await testCredential({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  expect(response.statusCode).toBe(200);
  expect(response.body).toMatchObject({ valid: true });
});

test("the credential's test request turns a revoked-looking key away with 401", async () => {
  const response = await testCredential({
    apiKey: `${sandbox.apiKey.slice(0, -4)}zzzz`,
    baseUrl: `${sandbox.baseUrl}/`,
  });
  expect(response.statusCode).toBe(401);
});
