/**
 * apiDefinition.swagger.json of the Musique connector (Swagger 2.0, as Power Platform takes it): each action is a
 * catalog operation on the contract's path, with the catalog's words and the contract's schemas.
 */
import {
  audioIdField,
  categoryField,
  categoryFilterField,
  descriptionField,
  fileField,
  limitField,
  nameField,
  nameFilterField,
  operations,
  priorityField,
  repeatField,
  scheduleAtField,
  searchTextField,
  storesField,
  volumeField,
} from '@musique/core';
import type { Contract, Json } from './contract.js';
import { annotated, described, operationWords, parameter, sentence } from './fields.js';
import { CONNECTOR_NOTES } from './notes.js';

/** The trigger's own operation id, path and the state it keeps between polls (see script.csx). */
export const TRIGGER = { operationId: 'OnNewAudio', path: '/trigger/new-audio', cursor: 'after' } as const;
/** Find has no path of its own in the API: the routerequesttoendpoint policy sends it to /audio. */
export const FIND = { operationId: 'FindAudio', path: '/search/audio', routedTo: '/audio' } as const;

const LIBRARY = operations.getAudio.result;

/** The audio picker: the designer lists the library and shows names, and the action gets the ID. */
const audioPicker: Json = {
  'x-ms-dynamic-values': {
    operationId: 'ListAudio',
    'value-collection': 'data',
    'value-path': 'audioId',
    'value-title': 'name',
    parameters: { limit: 100 }, // x-ms-dynamic-values takes literals as they are (-list wraps them in {value})
  },
  'x-ms-dynamic-list': {
    operationId: 'ListAudio',
    itemsPath: 'data',
    itemValuePath: 'audioId',
    itemTitlePath: 'name',
    parameters: { limit: { value: 100 } },
  },
};

function audioIdParameter(contract: Contract): Json {
  const location = contract.parameter('getAudio', 'audioId');
  return {
    ...parameter(audioIdField, { name: String(location.name), in: 'path' }, { visibility: 'important' }),
    ...audioPicker,
  };
}

function idempotencyKey(contract: Contract): Json {
  const header = contract.parameter('sendAudio', 'Idempotency-Key');
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    type: 'string',
    maxLength: (header.schema as Json).maxLength,
    'x-ms-summary': 'Idempotency Key',
    description: sentence(String(header.description), CONNECTOR_NOTES.idempotency),
    'x-ms-visibility': 'advanced',
  };
}

/** The API's refusal, on every operation, so a flow's failure branch can read its sentence and request ID. */
function errorResponse(contract: Contract): Json {
  const error = contract.swaggerSchema({ $ref: '#/components/schemas/Error' });
  return { description: CONNECTOR_NOTES.error, schema: annotated(error) };
}

/** Responses: the contract's success schema annotated with the catalog's result, and the API's error. */
function responses(contract: Contract, operationId: string, result: Json): Json {
  const success = contract.responseSchema(operationId);
  return {
    [success.status]: { description: success.description, schema: result },
    default: errorResponse(contract),
  };
}

function sendBody(contract: Contract): Json {
  const request = contract.requestSchema('sendAudio', 'application/json');
  const contractProperty = (name: string) => (request.properties as Record<string, Json>)[name] ?? {};
  const externalIds = contractProperty('externalIds');
  return {
    name: 'body',
    in: 'body',
    required: true,
    'x-ms-summary': 'Send',
    description: operations.sendAudio.description,
    'x-ms-visibility': 'important',
    schema: {
      type: 'object',
      required: request.required,
      properties: {
        externalIds: {
          ...externalIds,
          ...described(storesField, {
            visibility: 'important',
            withoutHelp: true,
            note: CONNECTOR_NOTES.stores,
          }),
          type: 'array',
          items: {
            ...(externalIds.items as Json),
            'x-ms-summary': 'Store ID',
            description: CONNECTOR_NOTES.storeId,
          },
        },
        scheduleAt: described(scheduleAtField, {
          visibility: 'important',
          withoutHelp: true,
          note: CONNECTOR_NOTES.pastTime,
        }),
        priority: described(priorityField, { visibility: 'important' }),
        repeat: described(repeatField, { visibility: 'advanced' }),
        volume: described(volumeField, { visibility: 'advanced' }),
      },
    },
  };
}

function uploadBody(contract: Contract): Json {
  const request = contract.requestSchema('uploadAudio', 'multipart/form-data');
  const part = (name: string) => (request.properties as Record<string, Json>)[name] ?? {};
  return {
    name: 'body',
    in: 'body',
    required: true,
    'x-ms-summary': 'Audio File',
    description: operations.uploadAudio.description,
    'x-ms-visibility': 'important',
    schema: {
      type: 'object',
      required: ['fileContent'],
      properties: {
        fileContent: {
          ...described(fileField, { visibility: 'important', note: CONNECTOR_NOTES.fileContent }),
          format: 'byte',
        },
        fileName: {
          type: 'string',
          'x-ms-summary': 'File Name',
          description: CONNECTOR_NOTES.fileName,
          'x-ms-visibility': 'important',
        },
        name: { ...described(nameField, { visibility: 'important' }), minLength: part('name').minLength },
        description: described(descriptionField, { visibility: 'advanced' }),
        category: {
          ...described(categoryField, { visibility: 'advanced' }),
          minLength: part('category').minLength,
        },
      },
    },
  };
}

export function musiqueDefinition(contract: Contract): Json {
  const info = contract.document.info as Json;
  const server = new URL(String((contract.document.servers as Json[])[0]?.url));
  const page = (op: 'listAudio' | 'findAudio', operationId: string) =>
    annotated(contract.responseSchema(operationId).schema, operations[op].result, LIBRARY);

  const listParameters = [
    parameter(nameFilterField, { in: 'query' }, { visibility: 'advanced' }),
    parameter(categoryFilterField, { in: 'query' }, { visibility: 'advanced' }),
    parameter(limitField, { in: 'query' }, { visibility: 'advanced' }),
  ];

  return {
    swagger: '2.0',
    info: {
      title: 'Musique',
      description: sentence(String(info.summary), CONNECTOR_NOTES.connector),
      version: String(info.version),
      contact: { ...(info.contact as Json), url: 'https://musique.app' },
    },
    host: server.host,
    basePath: server.pathname,
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/audio': {
        get: {
          operationId: 'ListAudio',
          ...operationWords(operations.listAudio),
          'x-ms-visibility': 'important',
          parameters: listParameters,
          responses: responses(contract, 'listAudio', page('listAudio', 'listAudio')),
        },
        post: {
          operationId: 'UploadAudio',
          ...operationWords(operations.uploadAudio, CONNECTOR_NOTES.upload),
          'x-ms-visibility': 'important',
          parameters: [uploadBody(contract), idempotencyKey(contract)],
          responses: responses(
            contract,
            'uploadAudio',
            annotated(contract.responseSchema('uploadAudio').schema, operations.uploadAudio.result),
          ),
        },
      },
      [FIND.path]: {
        get: {
          operationId: FIND.operationId,
          // The catalog's find ranks by name; the API cannot, so the connector says what it does instead.
          summary: operations.findAudio.title,
          description: CONNECTOR_NOTES.find,
          'x-ms-visibility': 'advanced',
          parameters: [
            parameter(searchTextField, { name: 'name', in: 'query' }, { visibility: 'important' }),
            parameter(categoryFilterField, { in: 'query' }, { visibility: 'advanced' }),
          ],
          responses: responses(contract, 'listAudio', page('findAudio', 'listAudio')),
        },
      },
      '/audio/{audioId}': {
        get: {
          operationId: 'GetAudio',
          ...operationWords(operations.getAudio),
          'x-ms-visibility': 'advanced',
          parameters: [audioIdParameter(contract)],
          responses: responses(
            contract,
            'getAudio',
            annotated(contract.responseSchema('getAudio').schema, LIBRARY),
          ),
        },
        delete: {
          operationId: 'DeleteAudio',
          ...operationWords(operations.deleteAudio, CONNECTOR_NOTES.delete),
          'x-ms-visibility': 'advanced',
          parameters: [audioIdParameter(contract)],
          responses: responses(
            contract,
            'deleteAudio',
            annotated(contract.responseSchema('deleteAudio').schema, operations.deleteAudio.result),
          ),
        },
      },
      '/audio/{audioId}/send': {
        post: {
          operationId: 'SendAudio',
          ...operationWords(operations.sendAudio, CONNECTOR_NOTES.send),
          'x-ms-visibility': 'important',
          parameters: [audioIdParameter(contract), sendBody(contract), idempotencyKey(contract)],
          responses: responses(
            contract,
            'sendAudio',
            annotated(contract.responseSchema('sendAudio').schema, operations.sendAudio.result),
          ),
        },
      },
      '/health': {
        get: {
          operationId: 'CheckHealth',
          ...operationWords(operations.health),
          'x-ms-visibility': 'advanced',
          parameters: [],
          responses: responses(
            contract,
            'getHealth',
            annotated(contract.responseSchema('getHealth').schema, operations.health.result),
          ),
        },
      },
      '/limits': {
        get: {
          operationId: 'GetRateLimits',
          ...operationWords(operations.limits),
          'x-ms-visibility': 'advanced',
          parameters: [],
          responses: responses(
            contract,
            'getRateLimits',
            annotated(contract.responseSchema('getRateLimits').schema, operations.limits.result),
          ),
        },
      },
      [TRIGGER.path]: { get: triggerOperation(contract) },
    },
    definitions: {},
    parameters: {},
    responses: {},
    securityDefinitions: {
      api_key: { type: 'apiKey', in: 'header', name: securityHeader(contract) },
    },
    security: [{ api_key: [] }],
    tags: [],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: 'https://musique.app' },
      { propertyName: 'Privacy policy', propertyValue: 'https://musique.app/privacy' },
      { propertyName: 'Categories', propertyValue: 'Marketing;Productivity' },
    ],
  };
}

function securityHeader(contract: Contract): string {
  const schemes = (contract.document.components as Json).securitySchemes as Record<string, Json>;
  return String(schemes.apiKey?.name);
}

/** "When an audio file is added": one request per poll, its cursor kept by the pollingtrigger policy. */
function triggerOperation(contract: Contract): Json {
  const page = contract.responseSchema('listAudio').schema;
  const audio = ((page.properties as Record<string, Json>).data as Json).items as Json;
  return {
    operationId: TRIGGER.operationId,
    summary: 'When an audio file is added',
    description: CONNECTOR_NOTES.trigger,
    'x-ms-visibility': 'important',
    'x-ms-trigger': 'batch',
    'x-ms-trigger-metadata': { kind: 'query', mode: 'polling' },
    'x-ms-trigger-hint': 'To see it work, upload an audio file to Musique.',
    parameters: [
      {
        name: TRIGGER.cursor,
        in: 'query',
        required: false,
        type: 'string',
        'x-ms-summary': 'Seen Up To',
        description: CONNECTOR_NOTES.cursor,
        'x-ms-visibility': 'internal',
      },
    ],
    responses: {
      '200': {
        description: 'The audio files added since the last poll, oldest first.',
        schema: {
          type: 'object',
          required: ['value', TRIGGER.cursor],
          properties: {
            value: {
              type: 'array',
              items: annotated(audio, LIBRARY),
              'x-ms-summary': 'Audio Files',
              description: 'The audio files added since the last check, oldest first.',
            },
            [TRIGGER.cursor]: {
              type: 'string',
              'x-ms-summary': 'Seen Up To',
              description: CONNECTOR_NOTES.cursor,
              'x-ms-visibility': 'internal',
            },
          },
        },
      },
      default: errorResponse(contract),
    },
  };
}
