import type { Sandbox } from '@musique/sandbox';
import authentication from '../src/authentication.js';
import { appTester, authFor, caught, startTestSandbox, zapierErrorOf } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'none' });
});
afterAll(() => sandbox.stop());

describe('connecting a Musique account', () => {
  it("accepts a working key and labels the connection with the account's external ID", async () => {
    const apiKey = await sandbox.createApiKey({ externalId: 'store_007' });
    const tested = (await appTester(authentication.test, { authData: authFor(sandbox, apiKey) })) as {
      externalId: string;
      permissions: string[];
    };
    expect(tested).toMatchObject({
      externalId: 'store_007',
      permissions: expect.arrayContaining(['audio.send']),
    });

    const label = await appTester(authentication.connectionLabel, {
      authData: authFor(sandbox, apiKey),
      inputData: tested,
    });
    // Not production, so the label also says which API the connection talks to.
    expect(label).toBe(`store_007 (${new URL(sandbox.baseUrl).host})`);
  });

  it('labels a production connection with the external ID alone', async () => {
    const label = await appTester(authentication.connectionLabel, {
      authData: { apiKey: 'msk_prod_1234567890abcdef' },
      inputData: { externalId: 'store_042' },
    });
    expect(label).toBe('store_042');
  });

  it('refuses an unknown key with a message that says to reconnect, and never shows the key', async () => {
    const badKey = 'msk_dev_00000000000000000000000000000000';
    const error = zapierErrorOf(
      await caught(appTester(authentication.test, { authData: authFor(sandbox, badKey) })),
    );
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Reconnect your Musique account/);
    expect(error.message).toMatch(/request req_\w+/);
    expect(error.message).not.toContain(badKey);
  });

  it('explains a malformed key before calling the API', async () => {
    const error = zapierErrorOf(
      await caught(appTester(authentication.test, { authData: authFor(sandbox, 'msk prod 1234') })),
    );
    expect(error.message).toMatch(/not a Musique API key: it contains spaces/);
  });

  it('says which host could not be reached when the API is down', async () => {
    const error = zapierErrorOf(
      await caught(
        appTester(authentication.test, {
          authData: { apiKey: sandbox.apiKey, baseUrl: 'http://127.0.0.1:9/api' },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'AppError', code: 'connection_error' });
    expect(error.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
  });

  it('explains a base URL that is not a web address', async () => {
    const error = zapierErrorOf(
      await caught(
        appTester(authentication.test, {
          authData: { apiKey: sandbox.apiKey, baseUrl: 'sandbox please' },
        }),
      ),
    );
    expect(error.message).toMatch(/is not a web address/);
  });
});
