/**
 * Several instances, no sticky sessions: two server processes sharing MUSIQUE_MCP_SECRET; a confirmation asked
 * on one is given on the other, and the store's player shows one play.
 */
import { readFileSync } from 'node:fs';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { connect, promoFile, startBin, stop, text } from './processes.js';

let sandbox: Sandbox;
let instances: Awaited<ReturnType<typeof startBin>>[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const env = {
    MUSIQUE_BASE_URL: sandbox.baseUrl,
    MUSIQUE_MCP_SECRET: 'test secret shared by the instances',
  };
  instances = await Promise.all([startBin([], env), startBin([], env)]);
}, 60_000); // two processes starting on a busy machine
afterAll(async () => {
  await Promise.all(instances.map(({ child }) => stop(child)));
  await sandbox.stop();
});

const plays = async (externalId: string, name: string) => {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item?.name === name).length;
};

test('asked on one instance, confirmed on the other: the promo plays once, a repeat replays', async () => {
  const [one, two] = instances.map((instance) => instance.url);
  const headers = { 'X-API-Key': sandbox.apiKey };
  const asker = await connect(one ?? '', headers);
  await asker.call('upload_audio', {
    file: readFileSync(promoFile).toString('base64'),
    name: 'Two Instances',
  });
  const args = { audio: 'Two Instances', stores: ['45', '46'] };
  const asked = await asker.call('send_audio', args);
  expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
  const confirmationToken = String(asked.structuredContent?.confirmationToken);

  const confirmer = await connect(two ?? '', headers);
  const sent = await confirmer.call('send_audio', { ...args, confirmationToken });
  const again = await asker.call('send_audio', { ...args, confirmationToken });
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  expect(again.structuredContent?.sendId).toBe(sent.structuredContent?.sendId);
  expect([await plays('store_045', 'Two Instances'), await plays('store_046', 'Two Instances')]).toEqual([
    1, 1,
  ]);

  // The token is the asker's: another key of the same company cannot redeem it, nor can changed arguments.
  const stranger = await connect(two ?? '', { 'X-API-Key': await sandbox.createApiKey() });
  const borrowed = await stranger.call('send_audio', { ...args, confirmationToken });
  const changed = await confirmer.call('send_audio', { ...args, stores: ['45', '47'], confirmationToken });
  const forged = await confirmer.call('send_audio', { ...args, confirmationToken: `${confirmationToken}x` });
  await Promise.all([asker, confirmer, stranger].map(({ client }) => client.close()));
  expect(text(borrowed)).toMatch(/given to someone else/);
  expect(text(changed)).toMatch(/given for different arguments/);
  expect(text(forged)).toMatch(/not one this server gave/);
  expect(await plays('store_047', 'Two Instances')).toBe(0);
});
