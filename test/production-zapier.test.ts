/**
 * The Zapier app as a partner's zaps run it in production: through a proxy that serves only the operations the
 * current docs list. Connecting, listing, uploading, sending by store number and refusing an unknown store all
 * work, and no request goes to an undocumented path.
 */
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { App, appTester, SandboxApp, sandboxAppTester } from '@musique/zapier/testing';
import { client } from './client';
import { type ProductionProxy, startProductionProxy } from './production-proxy';
import { receivedBy } from './stores';

let sandbox: Sandbox;
let proxy: ProductionProxy;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  proxy = await startProductionProxy(sandbox.baseUrl, { currentDocsOnly: true });
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
});

const authentication = (App as unknown as { authentication: { test: unknown } }).authentication;

test('connect, list, upload, send to store 42 and refuse store 999 on documented paths only', async () => {
  const authData = { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl };
  expect(await appTester(authentication.test, { authData })).toMatchObject({
    externalId: expect.any(String),
  });

  const existing = await client(sandbox).audio.latest({});
  const uploaded = (await appTester(App.creates.upload_audio.operation.perform, {
    authData,
    inputData: { file: existing?.url, name: 'Zap Prod Sale', category: 'promotion' },
  })) as { id: string };
  const polled = (await appTester(App.triggers.new_audio.operation.perform, {
    authData,
    inputData: { category: 'promotion' },
  })) as { id: string; name: string }[];
  expect(polled[0]).toMatchObject({ id: uploaded.id, name: 'Zap Prod Sale' });

  await appTester(App.creates.send_audio.operation.perform, {
    authData,
    inputData: { audio_id: uploaded.id, stores: ['42'] },
  });
  expect((await receivedBy(sandbox, 'store_042')).map((item) => item.name)).toContain('Zap Prod Sale');

  await expect(
    appTester(App.creates.send_audio.operation.perform, {
      authData,
      inputData: { audio_id: uploaded.id, stores: ['999'] },
    }),
  ).rejects.toThrow(/store_999/);

  expect(proxy.undocumented()).toEqual([]);
});

test('the app offers no trigger that needs webhooks; in the sandbox build, New Audio (Instant) fails cleanly here', async () => {
  expect(Object.keys(App.triggers)).not.toContain('new_audio_instant');
  const trigger = SandboxApp.triggers.new_audio_instant as unknown as {
    display: { label: string; description: string };
    operation: { inputFields: { type?: string; helpText?: string }[]; performSubscribe: unknown };
  };
  expect(trigger.display.label).toMatch(/Sandbox Only/);
  expect(trigger.display.description).toMatch(/^Sandbox only/);
  expect(trigger.operation.inputFields[0]).toMatchObject({
    type: 'copy',
    helpText: expect.stringMatching(/New Audio/),
  });

  const authData = { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl };
  const bundle = { authData, targetUrl: 'https://hooks.zapier.com/hooks/standard/1/prod' };
  await expect(sandboxAppTester(trigger.operation.performSubscribe, bundle)).rejects.toThrow(
    /has no webhooks .*Use the New Audio trigger/,
  );
  expect((await client(sandbox).webhooks.list()).data).toEqual([]);
});
