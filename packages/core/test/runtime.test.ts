// The main entry takes no timer or random source from globals: without them the client refuses at once, by name.
import { type ClientOptions, MusiqueClient } from '../src/index.js';
import { MusiqueClient as NodeClient } from '../src/node.js';

const apiKey = 'msk_test_1234567890abcdef';

test('new MusiqueClient({ apiKey }) from the main entry names what it needs and where to get it', () => {
  expect(() => new MusiqueClient({ apiKey } as ClientOptions)).toThrow(
    /needs `sleep` and `randomUUID` from its runtime: on Node, use MusiqueClient from @musique\/core\/node/,
  );
  expect(() => new MusiqueClient({ apiKey, sleep: async () => {} } as unknown as ClientOptions)).toThrow(
    /needs `randomUUID` from its runtime/,
  );
});

test("the Node entry's client brings Node's runtime", () => {
  expect(new NodeClient({ apiKey }).baseUrl).toBe('https://api.musique.app/api/v1/integration');
});
