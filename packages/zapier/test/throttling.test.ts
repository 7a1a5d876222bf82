import type { Sandbox } from '@musique/sandbox';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { withMusique } from '../src/client.js';
import { App, appTester, authFor, caught, startTestSandbox, zapierErrorOf } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  // A frozen clock keeps every request in one rate-limit window (20 s into a minute, an hour from now), so the
  // limit is met exactly when expected and the window is still ahead when the client looks at it.
  const frozen = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 3_600_000 + 20_000);
  sandbox = await startTestSandbox({ seed: 'none', rateLimits: { perMinute: 2 }, clock: () => frozen });
});
afterAll(() => sandbox.stop());

const poll = () => appTester(App.triggers.new_audio.operation.perform, { authData: authFor(sandbox) });

describe('rate limits', () => {
  it("turns a 429 into Zapier's ThrottledError with the server's Retry-After and message", async () => {
    await poll();
    await poll();
    const error = zapierErrorOf(await caught(poll()));
    expect(error.name).toBe('ThrottledError');
    // The minute window resets 40 s after the frozen time.
    expect(error.delay).toBe(40);
    expect(error.message).toMatch(/rate limit/i);
    expect(error.message).toMatch(/\(request req_\w+\)$/);
  });

  it('hands a long wait inside one run to Zapier instead of sleeping through it', async () => {
    // A run of several requests (a search walking pages, say) that spends the window before its last one:
    // the core paces on X-RateLimit-Remaining and would wait for the window to reset, which is Zapier's to schedule.
    const key = await sandbox.createApiKey();
    const error = zapierErrorOf(
      await caught(
        appTester(
          (z: ZObject, bundle: Bundle) =>
            withMusique(z, bundle, async (client) => {
              await client.audio.list();
              await client.audio.list();
              return client.audio.list();
            }),
          { authData: authFor(sandbox, key) },
        ),
      ),
    );
    expect(error.name).toBe('ThrottledError');
    // About an hour (the sandbox's clock is an hour ahead, less the seconds already gone in this minute): far
    // past the core's 10 s budget within a run, so Zapier reschedules instead.
    expect(error.delay).toBeGreaterThan(3_000);
    expect(error.message).toMatch(/not sending until it resets in \d+ s/);
  });
});
