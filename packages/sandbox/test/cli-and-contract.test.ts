import { runCli } from '../src/cli.js';
import { loadContract } from '../src/rules/contract.js';
import { apiClient, startTestSandbox } from './helpers.js';

describe('musique-sandbox start', () => {
  test('prints the base URL, a working API key and the company token', async () => {
    const lines: string[] = [];
    const sandbox = await runCli(['start', '--memory', '--port', '0', '--seed', 'none'], (line) =>
      lines.push(line),
    );
    try {
      const output = lines.join('\n');
      const baseUrl = /Base URL\s+(\S+)/.exec(output)![1]!;
      const apiKey = /API key\s+(msk_dev_[0-9a-f]{32})/.exec(output)![1]!;
      expect(output).toMatch(/Company token\s+comp_[0-9a-f]{32}/);
      expect((await apiClient(baseUrl, apiKey).post('/test')).body).toMatchObject({
        valid: true,
        externalId: 'store_001',
      });
    } finally {
      await sandbox?.stop();
    }
  });

  test('refuses a bad port or command with usage and exit code 2', async () => {
    const lines: string[] = [];
    expect(await runCli(['start', '--port', 'abc'], (line) => lines.push(line))).toBeNull();
    expect(await runCli(['serve'], (line) => lines.push(line))).toBeNull();
    expect(lines.join('\n')).toContain('--port must be a number');
    expect(lines.join('\n')).toContain('Usage: musique-sandbox start');
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
  });
});

test('every operation of the contract is served at its documented path', async () => {
  const sb = await startTestSandbox({ checkResponses: false });
  try {
    const operations = loadContract().operations;
    expect(operations.length).toBeGreaterThanOrEqual(28);
    for (const operation of operations) {
      const path = operation.url
        .replace(':audioId', 'aud_probe')
        .replace(':webhookId', 'whk_probe')
        .replace(':externalId', 'store_001');
      const response = await fetch(`${sb.url}${path}`, {
        method: operation.method,
        headers: { 'x-api-key': sb.apiKey },
      });
      const body = (await response.json()) as { error?: { message?: string } };
      expect({
        route: `${operation.method} ${path}`,
        unrouted: /No endpoint/.test(body?.error?.message ?? ''),
      }).toEqual({
        route: `${operation.method} ${path}`,
        unrouted: false,
      });
    }
  } finally {
    await sb.stop();
  }
});

test('the contract check flags a response that drifts from the document', () => {
  const operations = loadContract().operations;
  const getAudio = operations.find((operation) => operation.documentedId === 'getAudio')!;
  expect(
    getAudio.responseDrift(404, {
      error: { code: 'not_found', message: 'm', type: 'not_found_error', requestId: 'req_1' },
    }),
  ).toBeNull();
  expect(getAudio.responseDrift(200, { audioId: 'aud_1', name: 'x' })).toMatch(/must have required property/);
  expect(getAudio.responseDrift(418, {})).toMatch(/does not document status 418/);
  const legacy = operations.find((operation) => operation.documentedId === 'legacyGetAudio')!;
  expect(legacy.responseDrift(200, { audioId: 'aud_1' })).toMatch(/must have required property/);
});
