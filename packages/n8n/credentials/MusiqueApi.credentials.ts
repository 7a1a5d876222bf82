import { DEFAULT_BASE_URL } from '@musique/core';
import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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

  // No `authenticate`: the core adds the key to every request the nodes make (one owner of authentication). No
  // declarative `test` either: each node names `musiqueApiTest` (nodes/Musique/methods/credentialTest.ts), which
  // says in a sentence what to change even when the Base URL cannot be reached, where n8n would show "ENOTFOUND".
}
