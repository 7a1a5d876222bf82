// The n8n gate's "Fetch Test Event" check: one workflow holding a node per trigger event the package offers, and
// for each what makes the event happen in the sandbox and what its test event must show (n8n-editor.mjs clicks).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rootDir } from '../cache.mjs';

/** Every trigger event the package offers, each a node of one workflow the editor's "Fetch Test Event" runs. */
const TEST_EVENTS = [
  { name: 'New Audio', type: 'musiqueTrigger', event: 'newAudio' },
  { name: 'Audio Created', type: 'musiqueSandboxTrigger', event: 'audio.created' },
  { name: 'Audio Deleted', type: 'musiqueSandboxTrigger', event: 'audio.deleted' },
  { name: 'Send Created', type: 'musiqueSandboxTrigger', event: 'send.created' },
  { name: 'Send Delivered', type: 'musiqueSandboxTrigger', event: 'send.delivered' },
];

export function testEventsWorkflow(packageName) {
  const credentials = { musiqueApi: { id: 'musiqueSandboxCred', name: 'Musique sandbox' } };
  return {
    id: 'musiqueTestEvents',
    name: 'Musique test events',
    active: false,
    nodes: TEST_EVENTS.map(({ name, type, event }, index) => ({
      id: `3c2e1d40-0000-4000-8000-00000000000${index}`,
      name,
      type: `${packageName}.${type}`,
      typeVersion: 1,
      position: [0, index * 200],
      parameters: type === 'musiqueTrigger' ? { event, filters: {} } : { event },
      ...(type === 'musiqueSandboxTrigger'
        ? { webhookId: `3c2e1d40-1111-4000-8000-00000000000${index}` }
        : {}),
      credentials,
    })),
    connections: {},
    settings: { executionOrder: 'v1' },
    pinData: {},
  };
}

/** What makes each event happen in the sandbox, and what its test event must show. */
export async function testEventsOf(api, packageName) {
  const newest = (await api.get('/audio?limit=1')).data[0];
  // Listening, n8n subscribes the node's test URL (its webhookId in the path) with the sandbox.
  const listening = (webhookId) => () =>
    waitFor(
      async () =>
        (await api.get('/webhooks')).data.some((hook) => hook.url.includes(`/webhook-test/${webhookId}/`)),
      60_000,
      () => 'n8n never subscribed its test URL with the sandbox while listening for a test event',
    );
  const upload = async (name) => {
    const form = new FormData();
    const bytes = await readFile(path.join(rootDir, 'shared/fixtures/announcement.mp3'));
    form.set('file', new Blob([bytes], { type: 'audio/mpeg' }), `${name}.mp3`);
    form.set('name', name);
    return api.post('/audio', form);
  };
  const send = (store) => api.postJson(`/audio/${newest.audioId}/send`, { externalIds: [store] });
  const events = {
    'New Audio': { expect: newest.name },
    'Audio Created': { cause: () => upload('Test Event Created'), expect: 'audio.created' },
    'Audio Deleted': {
      cause: async () => api.delete(`/audio/${(await upload('Test Event Deleted')).audioId}`),
      expect: 'audio.deleted',
    },
    'Send Created': { cause: () => send('store_044'), expect: 'send.created' },
    'Send Delivered': { cause: () => send('store_045'), expect: 'send.delivered' },
  };
  return testEventsWorkflow(packageName).nodes.map(({ name, webhookId }) => ({
    name,
    ...events[name],
    ...(webhookId ? { ready: listening(webhookId) } : {}),
  }));
}

async function waitFor(check, timeoutMs, describe) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(describe());
}
