import type { INodeProperties } from 'n8n-workflow';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as send from './send.operation';
import * as upload from './upload.operation';

export { del as delete, get, getMany, send, upload };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['audio'] } },
    options: [
      {
        name: 'Delete',
        value: 'delete',
        description: 'Delete an audio file',
        action: 'Delete an audio file',
      },
      {
        name: 'Get',
        value: 'get',
        description: 'Get an audio file with its play statistics',
        action: 'Get an audio file',
      },
      {
        name: 'Get Many',
        value: 'getMany',
        description: 'List audio files, newest first',
        action: 'Get many audio files',
      },
      {
        name: 'Send',
        value: 'send',
        description: 'Play an audio file on store players, now or at a set time',
        action: 'Send an audio file to stores',
      },
      {
        name: 'Upload',
        value: 'upload',
        description: 'Upload an MP3, WAV, OGG or AAC file of at most 10 MB from a binary field',
        action: 'Upload an audio file',
      },
    ],
    // An AI agent cannot feed Upload (it needs binary data), so the Musique Tool starts on a read it can use.
    default: 'getMany',
  },
  ...upload.description,
  ...get.description,
  ...getMany.description,
  ...del.description,
  ...send.description,
];
