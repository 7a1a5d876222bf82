import { audioField, categoryFilterField } from '@musique/core/portable';
import type { INodeProperties } from 'n8n-workflow';
import { fieldProperty } from './catalog';

/** An audio ID inside a file link or on its own, as the API gives it. */
const AUDIO_ID = 'aud_[A-Za-z0-9]+';

/** The audio an operation works on: picked from a searchable list, by its file link, or by ID (an expression, say). */
export const audioLocator: INodeProperties = fieldProperty(audioField, {
  name: 'audioId',
  type: 'resourceLocator',
  default: { mode: 'list', value: '' },
  placeholder: undefined,
  description: 'The audio file to use: pick it by name, paste its link, or give its ID',
  modes: [
    {
      displayName: 'From List',
      name: 'list',
      type: 'list',
      placeholder: 'Select an audio file...',
      typeOptions: { searchListMethod: 'searchAudio', searchable: true },
    },
    {
      displayName: 'By URL',
      name: 'url',
      type: 'string',
      placeholder: 'e.g. https://api.musique.app/files/aud_8f3k2j1h.mp3',
      // The file link the API gives each audio ends in its ID.
      extractValue: { type: 'regex', regex: `(${AUDIO_ID})` },
      validation: [
        {
          type: 'regex',
          properties: {
            regex: `^$|.*${AUDIO_ID}.*`,
            errorMessage: 'Not a Musique audio link: it should contain an audio ID such as aud_8f3k2j1h',
          },
        },
      ],
    },
    {
      displayName: 'By ID',
      name: 'id',
      type: 'string',
      placeholder: 'e.g. aud_8f3k2j1h',
      // Empty is for "Audio is required" alone to say; this speaks only of what was typed.
      validation: [
        {
          type: 'regex',
          properties: { regex: '^\\S*$', errorMessage: 'An audio ID has no spaces, e.g. aud_8f3k2j1h' },
        },
      ],
    },
  ],
});

/** Only audio of this category: the Get Many filter and the trigger's. */
export const categoryFilter: INodeProperties = fieldProperty(categoryFilterField);
