/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   tests run in Node, not inside n8n: the Cloud rules for shipped node code do not apply to them. */

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MusiqueClient } from '@musique/core';
import { type Sandbox, signWebhook, startSandbox } from '@musique/sandbox';
import { type IDataObject, type IHookFunctions, NodeOperationError } from 'n8n-workflow';
import { MusiqueSandboxTrigger } from '../nodes/MusiqueSandboxTrigger/MusiqueSandboxTrigger.node';
import { MusiqueTrigger } from '../nodes/MusiqueTrigger/MusiqueTrigger.node';
import { createContext, createWebhookContext } from './harness/n8n-context';
import { fixture } from './support';

interface Delivery {
  body: IDataObject;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

let sandbox: Sandbox;
let client: MusiqueClient;
let receiver: Server;
let webhookUrl: string;
const deliveries: Delivery[] = [];
const waiting: Array<(delivery: Delivery) => void> = [];

/** Stands in for n8n's web server: records what Musique posts to the node's webhook URL. */
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none', deliveryIntervalMs: 50 });
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const delivery = {
        rawBody,
        body: JSON.parse(rawBody.toString('utf8')) as IDataObject,
        headers: request.headers,
      };
      const next = waiting.shift();
      if (next) next(delivery);
      else deliveries.push(delivery);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/abc/webhook`;
});
afterAll(async () => {
  await sandbox.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const nextDelivery = () =>
  new Promise<Delivery>((resolve) => {
    const queued = deliveries.shift();
    if (queued) resolve(queued);
    else waiting.push(resolve);
  });

test('subscribes on activation, turns signed deliveries into items, and unsubscribes on deactivation', async () => {
  const trigger = new MusiqueSandboxTrigger();
  const harness = createContext({
    credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
    parameters: { event: 'audio.created' },
    mode: 'trigger',
    webhookUrl,
    nodeName: 'Musique Sandbox Trigger',
  });
  const hooks = trigger.webhookMethods.default;
  const hookContext = harness.context as IHookFunctions;

  expect(await hooks.checkExists.call(hookContext)).toBe(false);
  expect(await hooks.create.call(hookContext)).toBe(true);
  expect(harness.staticData).toMatchObject({
    webhookId: expect.stringMatching(/^whk_/),
    webhookSecret: expect.any(String),
  });
  expect(await hooks.checkExists.call(hookContext)).toBe(true);

  const data = await readFile(fixture('announcement.mp3'));
  const uploaded = await client.audio.upload({ file: { filename: 'hello.mp3', data }, name: 'Hello' });
  const delivery = await nextDelivery();

  const { context, response } = createWebhookContext(harness, delivery);
  const result = await trigger.webhook.call(context);
  expect(response.status).toBeUndefined();
  expect(result.workflowData?.[0]?.[0]?.json).toMatchObject({
    type: 'audio.created',
    data: { audioId: uploaded.audioId },
  });

  // A forged request (right body, wrong signature) starts nothing.
  const forged = createWebhookContext(harness, {
    ...delivery,
    headers: { 'musique-signature': 't=1,v1=00' },
  });
  const refused = await trigger.webhook.call(forged.context);
  expect(refused.workflowData).toBeUndefined();
  expect(forged.response.status).toBe(401);

  // A genuine signature replayed after five minutes is refused too.
  const stale = signWebhook(
    String(harness.staticData.webhookSecret),
    delivery.rawBody.toString('utf8'),
    Math.floor(Date.now() / 1000) - 600,
  );
  const replayed = createWebhookContext(harness, { ...delivery, headers: { 'musique-signature': stale } });
  expect((await trigger.webhook.call(replayed.context)).workflowData).toBeUndefined();
  expect(replayed.response.status).toBe(401);

  const webhookId = String(harness.staticData.webhookId);
  expect(await hooks.delete.call(hookContext)).toBe(true);
  expect(harness.staticData.webhookId).toBeUndefined();
  expect((await client.webhooks.list()).data.map((webhook) => webhook.webhookId)).not.toContain(webhookId);
});

test('a leftover subscription at the same URL (its secret lost) is replaced on activation', async () => {
  await client.webhooks.create({ url: webhookUrl, events: ['audio.created'] });
  const harness = createContext({
    credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
    parameters: { event: 'send.delivered' },
    mode: 'trigger',
    webhookUrl,
  });
  const hooks = new MusiqueSandboxTrigger().webhookMethods.default;
  expect(await hooks.checkExists.call(harness.context as IHookFunctions)).toBe(false);
  expect((await client.webhooks.list()).data.filter((webhook) => webhook.url === webhookUrl)).toHaveLength(0);
  expect(await hooks.create.call(harness.context as IHookFunctions)).toBe(true);
  await hooks.delete.call(harness.context as IHookFunctions);
});

test('"Fetch Test Event" can only listen: the sandbox node has no poll() for n8n to call instead', () => {
  // In manual mode n8n calls poll() on any node that has one and drops what the webhook received.
  const sandboxTrigger = new MusiqueSandboxTrigger();
  expect('poll' in sandboxTrigger).toBe(false);
  expect(sandboxTrigger.description.polling).toBeUndefined();
  expect(sandboxTrigger.description.webhooks?.map((webhook) => webhook.path)).toEqual(['webhook']);
});

test('the Musique Trigger has no webhook: it polls, the one way the Musique API reports new audio', () => {
  const trigger = new MusiqueTrigger();
  expect(trigger.description.webhooks).toBeUndefined();
  expect('webhookMethods' in trigger).toBe(false);
  expect(trigger.description.polling).toBe(true);
});

test('against an API without webhooks, activating fails saying only a sandbox has them and what to choose', async () => {
  // The documented API answers 404 to the sandbox's /webhooks (a real production API cannot run here).
  const notFound = JSON.stringify({
    error: { code: 'not_found', type: 'not_found_error', message: 'Not found.' },
  });
  const harness = createContext({
    credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
    parameters: { event: 'audio.created' },
    mode: 'trigger',
    webhookUrl,
    network: async () => ({
      statusCode: 404,
      statusMessage: 'Not Found',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(notFound),
    }),
  });
  const error = await new MusiqueSandboxTrigger().webhookMethods.default.checkExists
    .call(harness.context as IHookFunctions)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NodeOperationError);
  expect((error as NodeOperationError).message).toBe('This Musique has no webhooks');
  expect((error as NodeOperationError).description).toMatch(/use the Musique Trigger/);
});
