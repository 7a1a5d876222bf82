import { DEFAULT_BASE_URL } from '@musique/core';
import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';

export class MusiqueApi implements ICredentialType {
  name = 'musiqueApi';

  displayName = 'Musique API';

  icon: Icon = { light: 'file:../nodes/Musique/musique.svg', dark: 'file:../nodes/Musique/musique.dark.svg' };

  documentationUrl = 'https://github.com/musique-app/musique-connect/tree/main/packages/n8n#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description: 'The key Musique gave your company (it starts with msk_)',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      // The production Partner API; point it at a local sandbox to try workflows without real stores.
      default: DEFAULT_BASE_URL,
      description:
        'Where the Musique Partner API answers. Keep the default unless you test against a sandbox.',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        'X-API-Key': '={{$credentials.apiKey}}',
      },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '/test',
      method: 'POST',
    },
  };
}
