import {
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  NodeConnectionTypes,
} from 'n8n-workflow';
import * as audio from './actions/audio/Audio.resource';
import { router } from './actions/router';
import * as system from './actions/system/System.resource';
import { searchAudio } from './methods/listSearch';

export class Musique implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Musique',
    name: 'musique',
    icon: { light: 'file:musique.svg', dark: 'file:musique.dark.svg' },
    group: ['output'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Upload in-store audio promos and play them on store players with Musique',
    defaults: { name: 'Musique' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'musiqueApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Audio', value: 'audio' },
          { name: 'System', value: 'system' },
        ],
        default: 'audio',
      },
      ...audio.description,
      ...system.description,
    ],
  };

  methods = { listSearch: { searchAudio } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await router.call(this);
  }
}
