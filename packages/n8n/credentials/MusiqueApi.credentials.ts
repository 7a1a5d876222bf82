import { DEFAULT_BASE_URL } from '@musique/core';
import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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
      // The core's default, the one the nodes use when this is left empty.
      default: DEFAULT_BASE_URL,
      placeholder: DEFAULT_BASE_URL,
      description:
        "Where the Musique Partner API answers. Keep the default (or leave it empty) unless you try workflows against a Musique sandbox, then use the sandbox's URL.",
    },
  ];

  // No `authenticate`: the core adds the key to every request the nodes make (one owner of authentication), and
  // this test sends it the same way, to an operation the current API docs list: the first page of audio.
  test: ICredentialTestRequest = {
    request: {
      baseURL: `={{$credentials.baseUrl || "${DEFAULT_BASE_URL}"}}`,
      url: '/audio',
      method: 'GET',
      qs: { limit: 1 },
      headers: { 'X-API-Key': '={{$credentials.apiKey}}' },
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message:
            'Musique did not accept this API key: check it is the whole key Musique gave your company (it starts with msk_), or ask Musique for a new one if it was revoked or has expired.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 403,
          message: 'This API key may not read your audio: ask Musique for a key with the audio permissions.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message: `The Base URL does not lead to the Musique API: keep the default, ${DEFAULT_BASE_URL}, or use your sandbox's URL ending in /api/v1/integration.`,
        },
      },
    ],
  };
}
