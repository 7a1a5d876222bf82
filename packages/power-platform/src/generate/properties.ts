/**
 * apiProperties.json of both connectors: how a connection is made (the API key as a secure parameter and the
 * base URL chosen per connection; OAuth for the MCP connector) and the policies the runtime applies.
 */
import { DEFAULT_BASE_URL } from '@musique/core';
import type { Json } from './contract.js';
import { BRAND_COLOR } from './icon.js';
import { TRIGGER } from './musique-connector.js';

const PUBLISHER = { publisher: 'Musique', stackOwner: 'Musique' };

export function musiqueProperties(): Json {
  return {
    properties: {
      connectionParameters: {
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'API Key',
            description: 'Your Musique API key, such as msk_prod_…, from Musique’s settings.',
            tooltip: 'The key is kept secret and sent in the X-API-Key header.',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
        baseUrl: {
          type: 'string',
          defaultValue: DEFAULT_BASE_URL,
          uiDefinition: {
            displayName: 'Base URL',
            description: `The Musique API this connection calls: ${DEFAULT_BASE_URL}, or a test API or sandbox.`,
            tooltip: 'Keep the default unless Musique gave you another address.',
            constraints: { tabIndex: 3, clearText: true, required: 'true' },
          },
        },
      },
      iconBrandColor: BRAND_COLOR,
      capabilities: [],
      policyTemplateInstances: [
        {
          templateId: 'dynamichosturl',
          title: 'Call the base URL of this connection',
          parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "@connectionParameters('baseUrl')" },
        },
        {
          templateId: 'pollingtrigger',
          title: 'When an audio file is added: keep where the last check stopped',
          type: 'PollingTrigger',
          parameters: {
            'x-ms-apimTemplate-operationName': [TRIGGER.operationId],
            'x-ms-apimTemplateParameter.triggerConfig': {
              [TRIGGER.cursor]: `@{triggerBody().${TRIGGER.cursor}}`,
            },
            'x-ms-apimTemplateParameter.triggerDataPath': '@triggerBody().value',
          },
        },
      ],
      ...PUBLISHER,
    },
  };
}

/** Where the MCP server is and who signs people in for it (its protected-resource metadata says the same). */
export interface McpSettings {
  /** The MCP server's public URL, the tokens' audience: MUSIQUE_MCP_URL. */
  resource: string;
  /** The authorization server's endpoints (from its discovery document). */
  authorizationEndpoint: string;
  tokenEndpoint: string;
  scopes: readonly string[];
}

export function mcpProperties(settings: McpSettings): Json {
  // RFC 8707: the resource parameter asks for a token whose audience is the MCP server, which it checks.
  const resource = encodeURIComponent(settings.resource);
  return {
    properties: {
      connectionParameters: {
        token: {
          type: 'oauthSetting',
          oAuthSettings: {
            identityProvider: 'oauth2generic',
            clientId: '[[CLIENT_ID]]',
            clientSecret: '[[CLIENT_SECRET]]',
            redirectMode: 'Global',
            redirectUrl: 'https://global.consent.azure-apim.net/redirect',
            scopes: [...settings.scopes],
            customParameters: {
              authorizationUrlTemplate: { value: settings.authorizationEndpoint },
              authorizationUrlQueryStringTemplate: {
                value: `?response_type=code&client_id={clientId}&redirect_uri={redirectUrl}&scope={scopes}&state={state}&resource=${resource}`,
              },
              tokenUrlTemplate: { value: settings.tokenEndpoint },
              tokenBodyTemplate: {
                value: `grant_type=authorization_code&code={code}&redirect_uri={redirectUrl}&client_id={clientId}&client_secret={clientSecret}&resource=${resource}`,
              },
              refreshUrlTemplate: { value: settings.tokenEndpoint },
              refreshBodyTemplate: {
                value: `grant_type=refresh_token&refresh_token={refreshToken}&client_id={clientId}&client_secret={clientSecret}&resource=${resource}`,
              },
              scopeListDelimiter: { value: ' ' },
            },
          },
          uiDefinition: {
            displayName: 'Sign in',
            description: 'Sign in with the account your company uses for Musique.',
            tooltip: 'Your company’s sign-in; the MCP server holds the Musique key.',
            constraints: { required: 'true' },
          },
        },
      },
      iconBrandColor: BRAND_COLOR,
      capabilities: [],
      policyTemplateInstances: [],
      ...PUBLISHER,
    },
  };
}
