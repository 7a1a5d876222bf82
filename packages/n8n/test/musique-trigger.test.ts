/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   tests run in Node, not inside n8n: the Cloud rules for shipped node code do not apply to them. */

import { readFile } from 'node:fs/promises';
import { MusiqueClient } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { fixture, pollTrigger } from './support';

let sandbox: Sandbox;
let credentials: { apiKey: string; baseUrl: string };
let client: MusiqueClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 1000 } });
  credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
  client = new MusiqueClient(credentials);
});
afterAll(() => sandbox.stop());

async function uploadAudio(name: string, category = 'promotion') {
  const data = await readFile(fixture('announcement.mp3'));
  return client.audio.upload({
    file: { filename: `${name}.mp3`, contentType: 'audio/mpeg', data },
    name,
    category,
  });
}

test('"Fetch Test Event" (manual mode) returns the newest audio as a sample and remembers nothing', async () => {
  const staticData = {};
  const sample = await pollTrigger({
    credentials,
    parameters: { event: 'newAudio', filters: {} },
    mode: 'manual',
    staticData,
  });
  const newest = await client.audio.latest();
  expect(sample).toHaveLength(1);
  expect(sample?.[0]?.json.audioId).toBe(newest?.audioId);
  expect(staticData).toEqual({});
});

test('an active trigger starts from "now", then emits each new audio once, oldest first', async () => {
  const staticData = {};
  const poll = () =>
    pollTrigger({ credentials, parameters: { event: 'newAudio', filters: {} }, mode: 'trigger', staticData });

  expect(await poll()).toBeNull();
  const first = await uploadAudio('Weekend Deals');
  const second = await uploadAudio('Bakery Fresh');
  const emitted = await poll();
  expect(emitted?.map((item) => item.json.audioId)).toEqual([first.audioId, second.audioId]);
  expect(await poll()).toBeNull();

  const third = await uploadAudio('Last Call');
  expect((await poll())?.map((item) => item.json.audioId)).toEqual([third.audioId]);
});

test('the category filter only lets audio of that category through', async () => {
  const staticData = {};
  const poll = () =>
    pollTrigger({
      credentials,
      parameters: { event: 'newAudio', filters: { category: 'announcement' } },
      mode: 'trigger',
      staticData,
    });
  expect(await poll()).toBeNull();
  await uploadAudio('Not this one', 'promotion');
  const wanted = await uploadAudio('Store closing', 'announcement');
  expect((await poll())?.map((item) => item.json.audioId)).toEqual([wanted.audioId]);
});
