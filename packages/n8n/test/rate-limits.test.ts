import { type Sandbox, startSandbox } from '@musique/sandbox';
import { NodeApiError } from 'n8n-workflow';
import { runMusique } from './support';

/**
 * A sandbox whose clock is moved, just before the test uses it, to `msBeforeReset` before the end of a rate-limit
 * window of `windowMs`. Its clock runs behind the real one, never ahead, so the reset times it announces never
 * make the client wait longer than Retry-After says.
 */
async function sandboxNearReset(
  windowMs: number,
  msBeforeReset: number,
  rateLimits: object,
): Promise<{ sandbox: Sandbox; moveClock: () => void }> {
  let offset = 0;
  const sandbox = await startSandbox({
    port: 0,
    memory: true,
    seed: 'none',
    rateLimits,
    clock: () => new Date(Date.now() + offset),
  });
  const moveClock = () => {
    offset = Math.floor(Date.now() / windowMs) * windowMs - msBeforeReset - Date.now();
  };
  return { sandbox, moveClock };
}

async function useUp(sandbox: Sandbox, requests: number): Promise<void> {
  for (let i = 0; i < requests; i++) {
    await fetch(`${sandbox.baseUrl}/health`, { headers: { 'X-API-Key': sandbox.apiKey } });
  }
}

test('a 429 waits for Retry-After (with n8n-workflow sleep) and then succeeds', async () => {
  const { sandbox, moveClock } = await sandboxNearReset(60_000, 2_500, { perMinute: 2 });
  try {
    moveClock();
    await useUp(sandbox, 2);
    const { output, harness } = await runMusique({
      credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
      parameters: { resource: 'system', operation: 'health' },
    });
    expect(output[0]?.json).toMatchObject({ status: 'healthy' });
    // Refused once, then answered after the wait.
    expect(harness.calls.map((call) => new URL(call.url).pathname)).toEqual([
      '/api/v1/integration/health',
      '/api/v1/integration/health',
    ]);
  } finally {
    await sandbox.stop();
  }
});

test('a 429 whose Retry-After is beyond the retry budget fails at once with the reason and request id', async () => {
  // Half an hour before the hourly window resets: far beyond the one-minute budget.
  const { sandbox, moveClock } = await sandboxNearReset(3_600_000, 1_800_000, { perMinute: 100, perHour: 1 });
  try {
    moveClock();
    await useUp(sandbox, 1);
    const harnessed = runMusique({
      credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
      parameters: { resource: 'system', operation: 'health' },
    });
    const error = await harnessed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('429');
    expect((error as NodeApiError).message).toMatch(/Rate limit exceeded/);
    expect((error as NodeApiError).message).not.toMatch(/req_/);
    expect((error as NodeApiError).description).toMatch(/Musique asks to wait \d+ s\.\nRequest ID: req_/);
  } finally {
    await sandbox.stop();
  }
});
