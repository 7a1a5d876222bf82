/** One import, one name: `@musique/core` gives the client for the runtime, `/portable` the one handed a runtime. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as core from '@musique/core';
import * as portable from '@musique/core/portable';

test("on Node, @musique/core's MusiqueClient is Node's, and the Node extras come with it", () => {
  const client = new core.MusiqueClient({ apiKey: 'msk_test_1234567890abcdef' });
  expect(client).toBeInstanceOf(portable.PortableMusiqueClient);
  expect(typeof core.fileFromPath).toBe('function');
  expect(typeof core.settingsFromEnv).toBe('function');
  expect(typeof core.verifyWebhookSignature).toBe('function');
});

test('the portable entry has the runtime-injected client under its own name, and nothing of Node', () => {
  expect(Object.keys(portable)).not.toContain('MusiqueClient');
  expect(Object.keys(portable)).not.toContain('fileFromPath');
  // One copy of each error class behind both entries, so `instanceof` holds whichever one a caller imported.
  expect(portable.RateLimitError).toBe(core.RateLimitError);
  expect(portable.PortableMusiqueClient).toBe(core.PortableMusiqueClient);
});

test("Node's own resolver gives the same answer, for ESM and CommonJS, and the old /node entry is gone", async () => {
  const script = `
    const esm = await import('@musique/core');
    const cjs = (await import('node:module')).createRequire(process.cwd() + '/')('@musique/core');
    let old = 'exported';
    try { await import('@musique/core/node'); } catch (error) { old = error.code; }
    console.log(JSON.stringify([typeof esm.fileFromPath, typeof cjs.fileFromPath, old]));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
  });
  expect(JSON.parse(stdout)).toEqual(['function', 'function', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
});
