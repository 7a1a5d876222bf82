import { optionsFromEnv } from '../src/config.js';

describe('optionsFromEnv', () => {
  it('reads the Musique and Bot Framework settings', () => {
    expect(
      optionsFromEnv({
        PORT: '4000',
        MUSIQUE_API_KEY: 'msk_dev_x',
        MUSIQUE_BASE_URL: 'http://127.0.0.1:4010/api/v1/integration',
        MUSIQUE_STORES: 'store_001-store_003',
        MicrosoftAppId: 'app',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 'tenant',
      }),
    ).toEqual({
      apiKey: 'msk_dev_x',
      port: 4000,
      baseUrl: 'http://127.0.0.1:4010/api/v1/integration',
      stores: 'store_001-store_003',
      auth: { appId: 'app', appPassword: 'secret', appType: 'SingleTenant', tenantId: 'tenant' },
    });
  });

  it('listens on 3978 without authentication when no app id is set', () => {
    expect(optionsFromEnv({ MUSIQUE_API_KEY: 'msk_dev_x' })).toEqual({ apiKey: 'msk_dev_x', port: 3978 });
  });

  it('refuses to start without an API key or with a bad port', () => {
    expect(() => optionsFromEnv({})).toThrow('Set MUSIQUE_API_KEY');
    expect(() => optionsFromEnv({ MUSIQUE_API_KEY: 'k', PORT: 'abc' })).toThrow(
      'PORT "abc" is not a port number.',
    );
  });
});
