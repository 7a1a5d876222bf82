/** The runnable examples the READMEs point to keep running. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@musique/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

test("the core's tour makes every call and ends on the conflict it expects", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, '../packages/core/examples/tour.mjs')],
    {
      env: {
        ...process.env,
        MUSIQUE_BASE_URL: sandbox.baseUrl,
        MUSIQUE_API_KEY: sandbox.apiKey,
        MUSIQUE_COMPANY_TOKEN: sandbox.companyToken,
      },
    },
  );
  expect(stdout).toContain("status: 'healthy'");
  expect(stdout).toContain('revoked: true');
  expect(stdout).toMatch(/ConflictError conflict .*scheduled send/);
  const store42 = await sandbox.player('store_042');
  expect([store42.nowPlaying, ...store42.queue, ...store42.history].map((item) => item?.name)).toContain(
    'Tour promo',
  );
});
