// The OpenAPI document is the single source of truth: routes, request validation and (in tests) response
// checks are all built from it here, so a change to the contract changes the sandbox.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { ApiError } from './api-error.js';
import { isRealInstant, refuseUnsafeText } from './input-values.js';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'DELETE';

export interface RequestParts {
  query: unknown;
  params: unknown;
  headers: Record<string, unknown>;
  body: unknown;
}

export interface ContractOperation {
  /** The operation that does the work; a G1 alias (`legacyListAudio`) names the operation it aliases. */
  operationId: string;
  documentedId: string;
  method: Method;
  /** Absolute route path, parameters as `:name` (`/api/v1/integration/audio/:audioId`). */
  url: string;
  requiresApiKey: boolean;
  bodyType: 'json' | 'multipart' | 'none';
  /** Checks path, query and header parameters and a JSON body; throws the API's validation errors. */
  validateRequest(parts: RequestParts): void;
  /** Checks multipart fields (everything but the file parts). */
  validateFields(fields: Record<string, string>): void;
  fileFields: string[];
  /** Why a response breaks the contract, or null when it keeps it. */
  responseDrift(status: number, body: unknown): string | null;
}

export interface Contract {
  basePath: string;
  /** The API version the document describes (`info.version`). */
  version: string;
  operations: ContractOperation[];
  /** Validates a webhook event body against the document's WebhookEvent schema. */
  webhookEventDrift(event: unknown): string | null;
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** The document ships in dist when built; in the workspace it is read from shared/openapi. */
export function findContractFile(): string {
  const candidates = [
    path.join(__dirname, 'musique.openapi.yaml'),
    // From dist/ and from src/rules/ in the workspace.
    path.join(__dirname, '..', '..', '..', 'shared', 'openapi', 'musique.openapi.yaml'),
    path.join(__dirname, '..', '..', '..', '..', 'shared', 'openapi', 'musique.openapi.yaml'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The OpenAPI document was not found; looked in ${candidates.join(', ')}`);
  return found;
}

export function loadContract(file = findContractFile()): Contract {
  const document = YAML.parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as Json;
  const components = document.components as Json;
  const makeAjv = (coerceTypes: boolean) => {
    const ajv = new Ajv2020({
      strict: false,
      allErrors: false,
      verbose: true,
      coerceTypes,
      useDefaults: true,
    });
    addFormats(ajv);
    ajv.addFormat('date-time', isRealInstant);
    ajv.addSchema({ $id: 'musique', components: { schemas: components.schemas } });
    return ajv;
  };
  const strictAjv = makeAjv(false);
  // Query strings and headers are text; numbers in them are coerced, as every HTTP framework does.
  const coercingAjv = makeAjv(true);

  const resolve = <T>(node: T): T => {
    const ref = (node as Json | undefined)?.$ref;
    if (typeof ref !== 'string') return node;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key], document);
    return resolve(target as T);
  };

  const serverPath = (servers: unknown) => new URL((servers as Array<{ url: string }>)[0]!.url).pathname;
  const basePath = serverPath(document.servers).replace(/\/$/, '');

  const operations: ContractOperation[] = [];
  const byId = new Map<string, { item: Json; operation: Json }>();
  for (const [, item] of Object.entries(document.paths as Json)) {
    for (const method of ['get', 'post', 'delete']) {
      const operation = (item as Json)[method] as Json | undefined;
      if (operation) byId.set(operation.operationId as string, { item: item as Json, operation });
    }
  }

  for (const [documentedPath, itemValue] of Object.entries(document.paths as Json)) {
    const item = itemValue as Json;
    const prefix = item.servers ? serverPath(item.servers).replace(/\/$/, '') : basePath;
    for (const method of ['get', 'post', 'delete'] as const) {
      const documented = item[method] as Json | undefined;
      if (!documented) continue;
      const documentedId = documented.operationId as string;
      const aliasOf = documentedId.startsWith('legacy')
        ? documentedId.charAt(6).toLowerCase() + documentedId.slice(7)
        : documentedId;
      const target = byId.get(aliasOf);
      if (!target) throw new Error(`${documentedId} aliases ${aliasOf}, which the document does not define`);
      const operation = target.operation;
      const security = (documented.security ?? operation.security ?? document.security) as unknown[];

      const parameters = [
        ...((target.item.parameters as Json[] | undefined) ?? []),
        ...((operation.parameters as Json[] | undefined) ?? []),
      ].map((parameter) => resolve(parameter));
      const parameterSchema = (location: string) => {
        const own = parameters.filter((parameter) => parameter.in === location);
        if (own.length === 0) return null;
        const name = (parameter: Json) =>
          location === 'header' ? (parameter.name as string).toLowerCase() : (parameter.name as string);
        return coercingAjv.compile(
          pointAtDocument({
            type: 'object',
            properties: Object.fromEntries(own.map((parameter) => [name(parameter), parameter.schema])),
            required: own.filter((parameter) => parameter.required).map(name),
          }),
        );
      };
      const pathCheck = parameterSchema('path');
      const queryCheck = parameterSchema('query');
      const headerCheck = parameterSchema('header');

      const content = (resolve(operation.requestBody as Json | undefined)?.content ?? {}) as Json;
      const jsonSchema = (content['application/json'] as Json | undefined)?.schema;
      const multipartSchema = (content['multipart/form-data'] as Json | undefined)?.schema as
        | Json
        | undefined;
      const bodyCheck = jsonSchema ? strictAjv.compile(pointAtDocument(jsonSchema)) : null;
      const fileFields = Object.entries((multipartSchema?.properties ?? {}) as Json)
        .filter(([, schema]) => (schema as Json).contentMediaType !== undefined)
        .map(([name]) => name);
      const fieldsCheck = multipartSchema
        ? strictAjv.compile(
            pointAtDocument({
              ...multipartSchema,
              properties: Object.fromEntries(
                Object.entries(multipartSchema.properties as Json).filter(
                  ([name]) => !fileFields.includes(name),
                ),
              ),
              required: ((multipartSchema.required as string[] | undefined) ?? []).filter(
                (name) => !fileFields.includes(name),
              ),
            }),
          )
        : null;

      const responseChecks = new Map<string, ValidateFunction | null>();
      for (const [status, responseValue] of Object.entries(operation.responses as Json)) {
        const schema = (
          (resolve(responseValue as Json).content as Json | undefined)?.['application/json'] as
            | Json
            | undefined
        )?.schema;
        responseChecks.set(status, schema ? strictAjv.compile(pointAtDocument(schema)) : null);
      }

      operations.push({
        operationId: aliasOf,
        documentedId,
        method: method.toUpperCase() as Method,
        url: `${prefix}${documentedPath === '/' ? '' : documentedPath}`.replace(/\{(\w+)\}/g, ':$1') || '/',
        requiresApiKey: security.length > 0,
        bodyType: jsonSchema ? 'json' : multipartSchema ? 'multipart' : 'none',
        fileFields,
        validateRequest({ query, params, headers, body }) {
          // A malformed id names nothing: answer not_found, as for an id that does not exist.
          if (pathCheck && !pathCheck(params)) throw new ApiError('not_found', describeMissing(params));
          check(queryCheck, query);
          check(headerCheck, headers);
          if (bodyCheck) {
            if (body === undefined || body === null)
              throw new ApiError('missing_field', 'The request needs a JSON body.', { param: 'body' });
            check(bodyCheck, body);
          }
        },
        validateFields(fields) {
          refuseUnsafeText(fields, 'body');
          check(fieldsCheck, fields);
        },
        responseDrift(status, body) {
          const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find((candidate) =>
            responseChecks.has(candidate),
          );
          if (key === undefined) return `${documentedId} does not document status ${status}`;
          const validate = responseChecks.get(key);
          if (!validate) return null;
          return validate(body)
            ? null
            : `${documentedId} ${status}: ${strictAjv.errorsText(validate.errors)}`;
        },
      });
    }
  }

  const eventCheck = strictAjv.compile({ $ref: 'musique#/components/schemas/WebhookEvent' });
  return {
    basePath,
    version: (document.info as Json).version as string,
    operations,
    webhookEventDrift: (event) => (eventCheck(event) ? null : strictAjv.errorsText(eventCheck.errors)),
  };
}

/** Operation schemas refer to `#/components/...`; point them at the document registered as `musique`. */
function pointAtDocument(schema: unknown): Json {
  if (Array.isArray(schema)) return schema.map(pointAtDocument) as unknown as Json;
  if (schema === null || typeof schema !== 'object') return schema as Json;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `musique${value}`
        : pointAtDocument(value),
    ]),
  );
}

function describeMissing(params: unknown): string {
  const [[name, value] = ['id', '']] = Object.entries((params ?? {}) as Json);
  return `No ${name === 'audioId' ? 'audio file' : name} ${JSON.stringify(value)} exists for this company. Check the id.`;
}

function check(validate: ValidateFunction | null, data: unknown): void {
  if (validate && !validate(data)) throw toValidationError(validate.errors![0]!);
}

// Values of these fields are secrets and never appear in an error message.
const secretFields = new Set(['companyToken', 'token', 'secret']);

/** Turns Ajv's first complaint into the API's error: what was wrong and what to do. */
export function toValidationError(error: ErrorObject): ApiError {
  const at = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (joined, segment) =>
        /^\d+$/.test(segment) ? `${joined}[${segment}]` : joined ? `${joined}.${segment}` : segment,
      '',
    );
  const schema = (error.parentSchema ?? {}) as Json;
  const data = error.data;
  const field = at || 'body';
  const secret = secretFields.has(field.split('.').pop() ?? '');
  const got = secret ? '' : `; got ${JSON.stringify(data)}`;
  const params = error.params as Json;

  switch (error.keyword) {
    case 'required': {
      const missing = at ? `${at}.${params.missingProperty}` : String(params.missingProperty);
      return new ApiError('missing_field', `${missing} is required.`, { param: missing });
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const kind = schema.type === 'integer' ? 'an integer' : 'a number';
      return new ApiError(
        'out_of_range',
        `${field} must be ${kind} ${rangeText(schema.minimum, schema.maximum)}${got}.`,
        {
          param: field,
        },
      );
    }
    case 'minLength':
    case 'maxLength':
      return new ApiError(
        'out_of_range',
        `${field} must be ${rangeText(schema.minLength, schema.maxLength)} characters long; got ${String(data).length}.`,
        { param: field },
      );
    case 'minItems':
    case 'maxItems':
      return new ApiError(
        'out_of_range',
        `${field} must list ${rangeText(schema.minItems, schema.maxItems)} items; got ${(data as unknown[]).length}.`,
        { param: field },
      );
    case 'type':
      return new ApiError(
        'invalid_format',
        `${field} must be ${article(String(params.type))}; got ${typeName(data)}.`,
        {
          param: field,
        },
      );
    case 'enum':
      return new ApiError(
        'invalid_format',
        `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}${got}.`,
        { param: field },
      );
    case 'format':
      return new ApiError(
        'invalid_format',
        params.format === 'date-time'
          ? `${field} must be an ISO 8601 date-time with a time zone, for example 2024-01-20T15:30:00Z${got}.`
          : `${field} must be a valid ${params.format}${got}.`,
        { param: field },
      );
    case 'pattern':
      return new ApiError(
        'invalid_format',
        `${field} does not match the expected format ${params.pattern}${got}.`,
        {
          param: field,
        },
      );
    case 'additionalProperties': {
      const extra = at ? `${at}.${params.additionalProperty}` : String(params.additionalProperty);
      const allowed = Object.keys((schema.properties ?? {}) as Json).join(', ');
      return new ApiError('invalid_format', `${extra} is not a known field; the fields are ${allowed}.`, {
        param: extra,
      });
    }
    case 'uniqueItems':
      return new ApiError('invalid_format', `${field} lists the same value twice; list each once.`, {
        param: field,
      });
    default:
      return new ApiError('invalid_format', `${field} ${error.message ?? 'is invalid'}.`, { param: field });
  }
}

function rangeText(min: unknown, max: unknown): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isInteger(value)) return `the number ${value}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return article(typeof value);
}
