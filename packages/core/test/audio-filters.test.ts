// The list's filters were never published: where the API ignores them, the client filters and says so.
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { fileFromPath, MusiqueClient, type Transport } from '../src/node.js';
import { fixture, recordingTransport } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none', checkResponses: true });
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  const file = await fileFromPath(fixture('promo-summer-sale.mp3'));
  await client.audio.upload({ file, name: 'Spring Promo', category: 'promotion' });
  await client.audio.upload({ file, name: 'Opening Hours', category: 'announcement' });
  await client.audio.upload({ file, name: 'Store Closing', category: 'announcement' });
});
afterAll(() => sandbox.stop());

/** An API that takes the filters off every list, as production may. */
function ignoringFilters(): Transport {
  const { transport } = recordingTransport();
  return (request) => {
    const url = new URL(request.url);
    url.searchParams.delete('category');
    url.searchParams.delete('name');
    return transport({ ...request, url: url.href });
  };
}

function clients() {
  const ignored: string[] = [];
  const options = {
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    onIgnoredFilter: (f: string) => ignored.push(f),
  };
  return {
    honouring: new MusiqueClient(options),
    ignoring: new MusiqueClient({ ...options, transport: ignoringFilters() }),
    ignored,
  };
}

test('where the API applies the filters, nothing is dropped and nothing said', async () => {
  const { honouring, ignored } = clients();
  const page = await honouring.audio.list({ category: 'announcement' });
  expect(page.data.map((a) => a.name)).toEqual(['Store Closing', 'Opening Hours']);
  expect(page.ignoredFilters).toEqual([]);
  expect(ignored).toEqual([]);
});

test('where it ignores them, the page keeps only matching audio and names the filters ignored', async () => {
  const { ignoring, ignored } = clients();
  const page = await ignoring.audio.list({ category: 'ANNOUNCEMENT', name: 'clos' });
  expect(page.data.map((a) => a.name)).toEqual(['Store Closing']);
  expect(page.ignoredFilters).toEqual(['category', 'name']);
  await ignoring.audio.list({ category: 'announcement' });
  expect(ignored).toEqual(['category', 'name']);
});

test('the promo is the newest promotion, not the newest audio, when the category is ignored', async () => {
  const { ignoring, ignored } = clients();
  expect((await ignoring.audio.latest({ category: 'promotion' }))?.name).toBe('Spring Promo');
  expect(await ignoring.audio.latest({ category: 'emergency' })).toBeNull();
  expect(ignored).toEqual(['category']);
});

test('finding by name does not take every audio for a match when the name is ignored', async () => {
  const { ignoring } = clients();
  expect((await ignoring.audio.findByName('hours')).map((a) => a.name)).toEqual(['Opening Hours']);
  expect((await ignoring.audio.matchName('Spring Promo')).audio?.name).toBe('Spring Promo');
});
