import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  detectAudioFormat,
  encodeMultipart,
  expandStoreRanges,
  MusiqueClient,
  parseApiKey,
  resolveStores,
  splitStoreList,
} from '../src/node.js';
import { verifyWebhookSignature } from '../src/webhooks.js';

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

test.each([
  ['ID3', 'mp3'],
  ['\xff\xfb\x90\x00', 'mp3'],
  ['\xff\xf1\x50\x80', 'aac'],
  ['RIFF\0\0\0\0WAVEfmt ', 'wav'],
  ['OggS', 'ogg'],
  ['%PDF-1.7', null],
  ['', null],
])('the first bytes %j say %s', (head, format) => {
  expect(detectAudioFormat(Uint8Array.from(head, (c) => c.charCodeAt(0)))).toBe(format);
});

describe('resolveStores', () => {
  const known = ['store_001', 'store_012', 'store_042', 'store_100'];

  test('numbers find the store ID that ends in them', () => {
    expect(resolveStores(['42', 'store 12', '#1', 'STORE_100'], { known })).toEqual({
      externalIds: ['store_042', 'store_012', 'store_001', 'store_100'],
      unknown: [],
    });
  });

  test('stores the tenant does not have are reported, not guessed', () => {
    expect(resolveStores(['42', '57', 'paris'], { known })).toEqual({
      externalIds: ['store_042'],
      unknown: ['57', 'paris'],
    });
  });

  test('without a store list, numbers follow the pattern', () => {
    expect(resolveStores(['7', '42', '42'], {}).externalIds).toEqual(['store_007', 'store_042']);
    expect(resolveStores(['7'], { pattern: 'S{0000}' }).externalIds).toEqual(['S0007']);
  });

  test('lists as people type them split into stores', () => {
    expect(splitStoreList('12, 42 and 57')).toEqual(['12', '42', '57']);
    expect(splitStoreList('stores 12 & 42,57')).toEqual(['12', '42', '57']);
  });
});

test('the generated types match the contract', () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'musique-types-')), 'openapi.ts');
  const root = path.join(__dirname, '..');
  execFileSync(
    'pnpm',
    ['exec', 'openapi-typescript', '../../shared/openapi/musique.openapi.yaml', '-o', out],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(root, 'src/generated/openapi.ts'), 'utf8'));
});

test('a configured store list expands its ranges', () => {
  expect(expandStoreRanges('store_008-store_011, paris_01')).toEqual([
    'store_008',
    'store_009',
    'store_010',
    'store_011',
    'paris_01',
  ]);
});

test('an encoded multipart body is what a multipart parser reads back', async () => {
  const data = new TextEncoder().encode('ID3 not really audio');
  const { body, contentType } = await encodeMultipart(
    {
      kind: 'multipart',
      fields: { name: 'Summer "Sale"', category: 'promotion' },
      file: { filename: 'promo.mp3', contentType: 'audio/mpeg', data },
    },
    '----musique-test-boundary',
  );
  expect(contentType).toBe('multipart/form-data; boundary=----musique-test-boundary');
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  expect(form.get('name')).toBe('Summer "Sale"');
  expect(form.get('category')).toBe('promotion');
  const file = form.get('file') as File;
  expect(file.name).toBe('promo.mp3');
  expect(new Uint8Array(await file.arrayBuffer())).toEqual(data);
});

describe('verifyWebhookSignature', () => {
  const body = '{"id":"evt_1","type":"audio.created"}';
  const sign = (t: number, secret = 'whsec_test') =>
    `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

  test('accepts a fresh delivery signed with the secret', () => {
    expect(verifyWebhookSignature('whsec_test', body, sign(1000), { nowSeconds: 1010 })).toBe(true);
  });

  test('refuses another secret, a changed body, a stale time and no header', () => {
    expect(verifyWebhookSignature('whsec_test', body, sign(1000, 'other'), { nowSeconds: 1000 })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', `${body} `, sign(1000), { nowSeconds: 1000 })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, sign(1000), { nowSeconds: 1000 + 301 })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', body, undefined)).toBe(false);
  });
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
