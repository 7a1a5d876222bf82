// The portable entry takes no timer or random source from globals: without them its client refuses at once, by name.
import { type ClientOptions, PortableMusiqueClient } from '../src/index.js';
import { MusiqueClient as NodeClient, settingsFromEnv } from '../src/node.js';

const apiKey = 'msk_test_1234567890abcdef';

test('new PortableMusiqueClient({ apiKey }) names what it needs and where to get it', () => {
  expect(() => new PortableMusiqueClient({ apiKey } as ClientOptions)).toThrow(
    /needs `sleep` and `randomUUID` from its runtime: use MusiqueClient from @musique\/core, which brings its runtime's own/,
  );
  expect(
    () => new PortableMusiqueClient({ apiKey, sleep: async () => {} } as unknown as ClientOptions),
  ).toThrow(/needs `randomUUID` from its runtime/);
});

test("the Node entry's client brings Node's runtime", () => {
  expect(new NodeClient({ apiKey }).baseUrl).toBe('https://api.musique.app/api/v1/integration');
});

test('settingsFromEnv reads the key, the base URL and the store list, blank ones as unset', () => {
  expect(
    settingsFromEnv({
      MUSIQUE_API_KEY: ` ${apiKey} `,
      MUSIQUE_BASE_URL: 'http://127.0.0.1:4010/api/v1/integration',
      MUSIQUE_STORES: 'store_008-store_010, paris_hq',
    }),
  ).toEqual({
    apiKey,
    baseUrl: 'http://127.0.0.1:4010/api/v1/integration',
    stores: ['store_008', 'store_009', 'store_010', 'paris_hq'],
  });
  expect(settingsFromEnv({ MUSIQUE_API_KEY: ' ', MUSIQUE_STORES: '' })).toEqual({});
});
