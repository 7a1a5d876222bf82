import {
  categoryField,
  checkAudioFile,
  descriptionField,
  fileField,
  nameField,
  type PortableMusiqueClient,
  type UploadFile,
} from '@musique/core/portable';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { fieldProperty, readField } from '../catalog';

const properties: INodeProperties[] = [
  {
    displayName: 'Input Binary Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    // In n8n the file arrives as an item's binary data: the field names where, the catalog says what it holds.
    hint: `The name of the input binary field holding the audio. ${fileField.help}`,
  },
  fieldProperty(nameField),
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add field',
    default: {},
    options: [fieldProperty(categoryField), fieldProperty(descriptionField, { typeOptions: { rows: 2 } })],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['audio'], operation: ['upload'] } },
  properties,
);

export async function execute(
  this: IExecuteFunctions,
  client: PortableMusiqueClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
  const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
  const name = readField(this, nameField, this.getNodeParameter('name', itemIndex, ''));
  const category = readField(this, categoryField, additionalFields.category);
  const description = readField(this, descriptionField, additionalFields.description);

  const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
  // Reads memory- and filesystem-stored binaries alike (in filesystem mode `data` is only a reference).
  const data = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
  const file: UploadFile = {
    filename: binary.fileName ?? `${binaryPropertyName}.${binary.fileExtension ?? 'mp3'}`,
    contentType: binary.mimeType,
    knownLength: data.length,
    data,
  };
  checkAudioFile(file);

  const audio = await client.audio.upload({
    file,
    ...(name ? { name } : {}),
    ...(category ? { category } : {}),
    ...(description ? { description } : {}),
  });
  // The API answers without what it stored beside the file; the trigger's output has them, so this one does too.
  return [{ json: { ...audio, category: category ?? null, description: description ?? null } }];
}
