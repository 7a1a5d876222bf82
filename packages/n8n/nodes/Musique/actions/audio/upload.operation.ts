import type { MusiqueClient, UploadFile } from '@musique/core';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';

const properties: INodeProperties[] = [
  {
    displayName: 'Input Binary Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    hint: 'The name of the input binary field holding the MP3 to upload',
  },
  {
    displayName: 'Name',
    name: 'name',
    type: 'string',
    default: '',
    placeholder: 'e.g. Summer Sale',
    description:
      'What the audio is called in Musique. Leave empty to use the file name without its extension.',
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    options: [
      {
        displayName: 'Category',
        name: 'category',
        type: 'string',
        default: '',
        placeholder: 'e.g. promotion',
        description: 'Free text; promotion, announcement and emergency are the common ones',
      },
      {
        displayName: 'Description',
        name: 'description',
        type: 'string',
        default: '',
        typeOptions: { rows: 2 },
      },
    ],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['upload'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: MusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
  const name = (this.getNodeParameter('name', itemIndex, '') as string).trim();
  const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as {
    category?: string;
    description?: string;
  };

  const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
  // Reads memory- and filesystem-stored binaries alike (in filesystem mode `data` is only a reference).
  const data = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
  const file: UploadFile = {
    filename: binary.fileName ?? `${binaryPropertyName}.${binary.fileExtension ?? 'mp3'}`,
    contentType: binary.mimeType,
    knownLength: data.length,
    data,
  };

  const audio = await client.audio.upload({
    file,
    ...(name ? { name } : {}),
    ...(additionalFields.category ? { category: additionalFields.category } : {}),
    ...(additionalFields.description ? { description: additionalFields.description } : {}),
  });
  return [{ json: audio as unknown as IDataObject }];
}
