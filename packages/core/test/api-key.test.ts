// Keys and base URLs are checked before any request, each refusal saying what is wrong.
import { MusiqueClient, parseApiKey } from '../src/node.js';

describe('parseApiKey', () => {
  test('reads G2 and G1 keys', () => {
    expect(parseApiKey('msk_prod_1234567890abcdef')).toEqual({
      companyPrefix: 'msk',
      environment: 'prod',
      hash: '1234567890abcdef',
      isProduction: true,
    });
    expect(parseApiKey(' acme_test_abcdef1234abcdef ').isProduction).toBe(false);
  });

  test.each([
    ['', /empty/],
    ['msk prod 1234567890', /spaces/],
    ['msk_1234567890abcdef', /2 part/],
    ['msk_staging_1234567890abcdef', /"staging", not one of prod, dev, live or test/],
    ['msk_prod_short', /hash of 16 or more/],
    ['_prod_1234567890abcdef', /company prefix/],
  ])('%j is refused with a specific reason', (key, reason) => {
    expect(() => parseApiKey(key)).toThrow(reason);
  });
});

test('a client with a malformed key is refused at once, saying what is wrong', () => {
  expect(() => new MusiqueClient({ apiKey: 'msk_prod 1234' })).toThrow(
    /not a Musique API key: it contains spaces/,
  );
});

test('a base URL that is not http(s) is refused with the fix', () => {
  expect(() => new MusiqueClient({ apiKey: 'msk_dev_1234567890abcdef', baseUrl: 'api.musique.app' })).toThrow(
    /is not a web address starting with https:\/\/ or http:\/\/; use https:\/\/api.musique.app/,
  );
  expect(
    new MusiqueClient({
      apiKey: 'msk_dev_1234567890abcdef',
      baseUrl: 'http://127.0.0.1:4010/api/v1/integration/',
    }).baseUrl,
  ).toBe('http://127.0.0.1:4010/api/v1/integration');
});
