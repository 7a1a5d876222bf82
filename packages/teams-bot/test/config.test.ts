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
        MUSIQUE_BOT_HOST: 'teams-ai',
      }),
    ).toEqual({
      apiKey: 'msk_dev_x',
      port: 4000,
      botHost: 'teams-ai',
      baseUrl: 'http://127.0.0.1:4010/api/v1/integration',
      stores: ['store_001', 'store_002', 'store_003'],
      auth: { appId: 'app', appPassword: 'secret', appType: 'SingleTenant', tenantId: 'tenant' },
    });
  });

  it('reads named store groups from MUSIQUE_STORE_GROUPS, and refuses a malformed one by name', () => {
    const env = { MUSIQUE_API_KEY: 'msk_dev_x', MUSIQUE_BOT_HOST: 'teams-ai' };
    expect(
      optionsFromEnv({ ...env, MUSIQUE_STORE_GROUPS: 'paris = store_001-store_003; north = store_011' })
        .groups,
    ).toEqual({ paris: ['store_001', 'store_002', 'store_003'], north: ['store_011'] });
    expect(() => optionsFromEnv({ ...env, MUSIQUE_STORE_GROUPS: 'paris store_001' })).toThrow(
      /MUSIQUE_STORE_GROUPS: Store group "paris store_001" is not "name = stores"/,
    );
  });

  it('reads MUSIQUE_* as the core does for every surface: trimmed, blank as unset', () => {
    const options = optionsFromEnv(
      {
        MUSIQUE_API_KEY: ' msk_dev_x ',
        MUSIQUE_BASE_URL: ' ',
        MUSIQUE_STORES: 'paris_hq, store_009-store_010',
      },
      '20.19.0',
    );
    expect(options).toMatchObject({ apiKey: 'msk_dev_x', stores: ['paris_hq', 'store_009', 'store_010'] });
    expect(options).not.toHaveProperty('baseUrl');
  });

  it('listens on 3978 without authentication when no app id is set', () => {
    expect(optionsFromEnv({ MUSIQUE_API_KEY: 'msk_dev_x' }, '20.19.0')).toEqual({
      apiKey: 'msk_dev_x',
      port: 3978,
      botHost: 'teams-ai',
    });
  });

  it('runs the Teams SDK host where Node is 22.12 or newer, teams-ai below, unless MUSIQUE_BOT_HOST says', () => {
    const host = (node: string, requested?: string) =>
      optionsFromEnv({ MUSIQUE_API_KEY: 'k', ...(requested ? { MUSIQUE_BOT_HOST: requested } : {}) }, node)
        .botHost;
    expect([host('20.19.0'), host('22.11.0'), host('22.12.0'), host('24.1.0')]).toEqual([
      'teams-ai',
      'teams-ai',
      'teams-sdk',
      'teams-sdk',
    ]);
    expect(host('24.1.0', 'teams-ai')).toBe('teams-ai');
    expect(host('22.12.0', 'teams-sdk')).toBe('teams-sdk');
  });

  it('refuses a host this Node cannot run, or one that does not exist, with the reason', () => {
    expect(() => optionsFromEnv({ MUSIQUE_API_KEY: 'k', MUSIQUE_BOT_HOST: 'teams-sdk' }, '20.19.0')).toThrow(
      'MUSIQUE_BOT_HOST=teams-sdk needs Node 22.12 or newer (the Teams SDK, @microsoft/teams.apps, requires it); this is Node 20.19.0. Run on Node 22.12+ or set MUSIQUE_BOT_HOST=teams-ai.',
    );
    expect(() => optionsFromEnv({ MUSIQUE_API_KEY: 'k', MUSIQUE_BOT_HOST: 'botbuilder' })).toThrow(
      'MUSIQUE_BOT_HOST "botbuilder" is not a bot host; use teams-ai or teams-sdk.',
    );
  });

  it('refuses to start without an API key or with a bad port', () => {
    expect(() => optionsFromEnv({})).toThrow('Set MUSIQUE_API_KEY');
    expect(() => optionsFromEnv({ MUSIQUE_API_KEY: 'k', PORT: 'abc' })).toThrow(
      'PORT "abc" is not a port number.',
    );
  });
});
