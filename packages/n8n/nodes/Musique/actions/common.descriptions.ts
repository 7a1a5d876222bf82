import { audioField, categoryFilterField } from '@musique/core';
import type { INodeProperties } from 'n8n-workflow';
import { fieldProperty } from './catalog';

/** The audio an operation works on: picked from a searchable list, or given by ID (an expression, say). */
export const audioLocator: INodeProperties = fieldProperty(audioField, {
  name: 'audioId',
  type: 'resourceLocator',
  default: { mode: 'list', value: '' },
  placeholder: undefined,
  description: 'The audio file to use, picked by name or given by its ID',
  modes: [
    {
      displayName: 'From List',
      name: 'list',
      type: 'list',
      typeOptions: { searchListMethod: 'searchAudio', searchable: true },
    },
    {
      displayName: 'By ID',
      name: 'id',
      type: 'string',
      placeholder: 'e.g. aud_8f3k2j1h',
      validation: [
        {
          type: 'regex',
          properties: { regex: '^\\S+$', errorMessage: 'An audio ID has no spaces, e.g. aud_8f3k2j1h' },
        },
      ],
    },
  ],
});

/** Only audio of this category: the Get Many filter and the trigger's. */
export const categoryFilter: INodeProperties = fieldProperty(categoryFilterField);
