import { createHmac } from 'node:crypto';
import { verifyWebhookSignature } from '../src/webhooks.js';

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
