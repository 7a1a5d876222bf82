/**
 * What microsoft/PowerPlatformConnectors' schemas/apiDefinition.swagger.schema.json requires of a connector's
 * Swagger, written as our own checks (their schema is theirs; we read it and keep its rules): which keys each
 * object may hold, which it must, and the shape of every x-ms extension. One exception, said out loud:
 * `x-ms-agentic-protocol` on the MCP connector's operation, which Copilot Studio documents and that schema
 * (which predates it) does not list.
 */
type Json = Record<string, unknown>;

const VENDOR = /^x-(?!ms-)/; // any x- extension that is not Microsoft's: always allowed
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ROOT_KEYS = [
  'swagger',
  'info',
  'host',
  'basePath',
  'schemes',
  'consumes',
  'produces',
  'paths',
  'definitions',
  'parameters',
  'responses',
  'security',
  'securityDefinitions',
  'tags',
  'externalDocs',
  'x-ms-capabilities',
  'x-ms-connector-metadata',
  'x-ms-docs',
];
const INFO_KEYS = [
  'title',
  'version',
  'description',
  'termsOfService',
  'contact',
  'license',
  'x-ms-deployment-version',
  'x-ms-api-annotation',
];
const PATH_ITEM_KEYS = [
  '$ref',
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'parameters',
  'x-ms-notification-content',
];
const OPERATION_KEYS = [
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'produces',
  'consumes',
  'parameters',
  'responses',
  'schemes',
  'deprecated',
  'security',
  'x-ms-api-annotation',
  'x-ms-capabilities',
  'x-ms-no-generic-test',
  'x-ms-operation-context',
  'x-ms-pageable',
  'x-ms-safe-operation',
  'x-ms-summary',
  'x-ms-trigger',
  'x-ms-trigger-hint',
  'x-ms-trigger-metadata',
  'x-ms-notification',
  'x-ms-visibility',
];
/** Copilot Studio's MCP marker, documented on Learn, absent from the repository's schema. */
export const AGENTIC_EXCEPTION = 'x-ms-agentic-protocol';
const RESPONSE_KEYS = ['description', 'schema', 'headers', 'examples', 'x-ms-summary'];
const PARAMETER_COMMON = [
  'required',
  'in',
  'description',
  'name',
  'type',
  'format',
  'items',
  'collectionFormat',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
  'x-ms-dynamic-list',
  'x-ms-dynamic-values',
  'x-ms-enum-values',
  'x-ms-localizeDefaultValue',
  'x-ms-parameter-location',
  'x-ms-summary',
  'x-ms-test-value',
  'x-ms-trigger-value',
  'x-ms-visibility',
];
const PARAMETER_KEYS: Record<string, string[]> = {
  query: [...PARAMETER_COMMON, 'allowEmptyValue', 'x-ms-dynamic-tree', 'x-ms-url-encoding'],
  path: [...PARAMETER_COMMON, 'x-ms-dynamic-tree', 'x-ms-skip-url-encoding', 'x-ms-url-encoding'],
  header: PARAMETER_COMMON,
  formData: [...PARAMETER_COMMON, 'allowEmptyValue'],
  body: [
    'description',
    'name',
    'in',
    'required',
    'schema',
    'x-ms-dynamic-list',
    'x-ms-dynamic-values',
    'x-ms-summary',
    'x-ms-test-value',
    'x-ms-visibility',
  ],
};
const NON_BODY_TYPES: Record<string, string[]> = {
  query: ['string', 'number', 'boolean', 'integer', 'array'],
  path: ['string', 'number', 'boolean', 'integer', 'array'],
  header: ['string', 'number', 'boolean', 'integer', 'array'],
  formData: ['string', 'number', 'boolean', 'integer', 'array', 'file'],
};
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function onlyKeys(problems: string[], where: string, value: Json, allowed: readonly string[]) {
  for (const key of Object.keys(value))
    if (!allowed.includes(key) && !VENDOR.test(key)) problems.push(`${where}: "${key}" is not allowed here`);
}

function requireKeys(problems: string[], where: string, value: Json, required: readonly string[]) {
  for (const key of required) if (!(key in value)) problems.push(`${where}: "${key}" is required`);
}

function checkVisibility(problems: string[], where: string, value: Json) {
  const visibility = value['x-ms-visibility'];
  if (visibility !== undefined && !['important', 'advanced', 'internal'].includes(String(visibility)))
    problems.push(
      `${where}: x-ms-visibility must be important, advanced or internal, not "${String(visibility)}"`,
    );
  for (const key of ['x-ms-summary', 'description'])
    if (key in value && typeof value[key] !== 'string') problems.push(`${where}: ${key} must be a string`);
}

/** x-ms-dynamic-values and x-ms-dynamic-list, as the schema shapes them. */
function checkDynamic(problems: string[], where: string, value: Json) {
  const values = value['x-ms-dynamic-values'];
  if (values !== undefined) {
    if (!isObject(values)) problems.push(`${where}: x-ms-dynamic-values must be an object`);
    else {
      const sources = ['operationId', 'builtInOperation', 'capability'].filter((key) => key in values);
      if (sources.length !== 1)
        problems.push(
          `${where}: x-ms-dynamic-values needs exactly one of operationId, builtInOperation, capability`,
        );
      for (const key of ['value-collection', 'value-title', 'value-path'])
        if (key in values && typeof values[key] !== 'string')
          problems.push(`${where}: ${key} must be a string`);
      if ('parameters' in values && !isObject(values.parameters))
        problems.push(`${where}: x-ms-dynamic-values parameters must be an object`);
      // Each is a literal, or {parameter: name} to read another of the action's parameters.
      for (const [name, given] of Object.entries(isObject(values.parameters) ? values.parameters : {}))
        if (
          isObject(given) &&
          (Object.keys(given).join() !== 'parameter' || typeof given.parameter !== 'string')
        )
          problems.push(`${where}: x-ms-dynamic-values parameter ${name} must be a literal or {parameter}`);
    }
  }
  const list = value['x-ms-dynamic-list'];
  if (list !== undefined) {
    if (!isObject(list) || typeof list.operationId !== 'string')
      problems.push(`${where}: x-ms-dynamic-list needs an operationId`);
    else
      for (const [name, given] of Object.entries((list.parameters as Json | undefined) ?? {})) {
        const keys = isObject(given) ? Object.keys(given) : [];
        if (keys.length !== 1 || !['value', 'parameterReference'].includes(keys[0] ?? ''))
          problems.push(
            `${where}: x-ms-dynamic-list parameter ${name} must be {value} or {parameterReference}`,
          );
      }
  }
  const enumValues = value['x-ms-enum-values'];
  if (
    enumValues !== undefined &&
    !(
      Array.isArray(enumValues) &&
      enumValues.every((item) => isObject(item) && 'value' in item && typeof item.displayName === 'string')
    )
  )
    problems.push(`${where}: x-ms-enum-values items need value and displayName`);
}

/** Every property of a schema, recursively: the x-ms words the schema allows on them. */
function checkSchema(problems: string[], where: string, schema: unknown) {
  if (!isObject(schema)) return;
  if (schema.type === 'file') problems.push(`${where}: a schema may not have type file`);
  checkVisibility(problems, where, schema);
  checkDynamic(problems, where, schema);
  for (const [name, inner] of Object.entries((schema.properties as Json | undefined) ?? {}))
    checkSchema(problems, `${where}.${name}`, inner);
  if (schema.items) checkSchema(problems, `${where}[]`, schema.items);
}

function checkParameter(problems: string[], where: string, parameter: Json) {
  const location = String(parameter.in);
  const allowed = PARAMETER_KEYS[location];
  if (!allowed) return void problems.push(`${where}: "in" must be query, path, header, formData or body`);
  onlyKeys(problems, where, parameter, allowed);
  requireKeys(
    problems,
    where,
    parameter,
    location === 'body' ? ['name', 'in', 'schema'] : ['name', 'in', 'type'],
  );
  if (location === 'path' && parameter.required !== true)
    problems.push(`${where}: a path parameter must be required`);
  if (location !== 'body' && !NON_BODY_TYPES[location]?.includes(String(parameter.type)))
    problems.push(`${where}: type ${String(parameter.type)} is not allowed in ${location}`);
  checkVisibility(problems, where, parameter);
  checkDynamic(problems, where, parameter);
  if (location === 'body') checkSchema(problems, `${where} schema`, parameter.schema);
}

function checkOperation(problems: string[], where: string, operation: Json, exceptions: readonly string[]) {
  onlyKeys(problems, where, operation, [...OPERATION_KEYS, ...exceptions]);
  requireKeys(problems, where, operation, ['responses']);
  checkVisibility(problems, where, operation);
  if ('x-ms-trigger' in operation && !['batch', 'single'].includes(String(operation['x-ms-trigger'])))
    problems.push(`${where}: x-ms-trigger must be batch or single`);
  const metadata = operation['x-ms-trigger-metadata'];
  if (
    metadata !== undefined &&
    !(isObject(metadata) && metadata.kind === 'query' && metadata.mode === 'polling')
  )
    problems.push(`${where}: x-ms-trigger-metadata must be {kind: query, mode: polling}`);
  for (const [index, parameter] of ((operation.parameters as Json[] | undefined) ?? []).entries())
    checkParameter(problems, `${where} parameter ${String(parameter.name ?? index)}`, parameter);
  const responses = operation.responses;
  if (!isObject(responses) || Object.keys(responses).length === 0)
    return void problems.push(`${where}: needs at least one response`);
  for (const [code, response] of Object.entries(responses)) {
    if (VENDOR.test(code)) continue;
    if (!/^([0-9]{3}|default)$/.test(code))
      problems.push(`${where}: response key "${code}" is not a status or default`);
    if (!isObject(response)) continue;
    onlyKeys(problems, `${where} ${code}`, response, RESPONSE_KEYS);
    requireKeys(problems, `${where} ${code}`, response, ['description']);
    checkSchema(problems, `${where} ${code}`, response.schema);
  }
}

function checkSecurity(problems: string[], definitions: unknown) {
  for (const [name, scheme] of Object.entries(isObject(definitions) ? definitions : {})) {
    const where = `securityDefinitions.${name}`;
    if (!isObject(scheme)) continue;
    if (scheme.type === 'apiKey') {
      requireKeys(problems, where, scheme, ['type', 'name', 'in']);
      if (!['header', 'query'].includes(String(scheme.in)))
        problems.push(`${where}: in must be header or query`);
    } else if (scheme.type === 'oauth2' && scheme.flow === 'accessCode') {
      requireKeys(problems, where, scheme, ['type', 'flow', 'authorizationUrl', 'tokenUrl']);
      for (const key of ['authorizationUrl', 'tokenUrl'])
        if (!URL.canParse(String(scheme[key]))) problems.push(`${where}: ${key} must be a URI`);
    } else if (scheme.type !== 'basic' && scheme.type !== 'oauth2')
      problems.push(`${where}: type must be basic, apiKey or oauth2`);
  }
}

/** The schema's rules; `exceptions` are operation keys allowed beyond it (the agentic marker, for MCP). */
export function definitionProblems(definition: Json, exceptions: readonly string[] = []): string[] {
  const problems: string[] = [];
  onlyKeys(problems, 'root', definition, ROOT_KEYS);
  requireKeys(problems, 'root', definition, ['swagger', 'info', 'paths']);
  if (definition.swagger !== '2.0') problems.push('root: swagger must be "2.0"');
  const info = definition.info;
  if (isObject(info)) {
    onlyKeys(problems, 'info', info, INFO_KEYS);
    requireKeys(problems, 'info', info, ['title', 'version']);
  }
  if ('host' in definition && !/^[^{}/ :\\]+(?::\d+)?$/.test(String(definition.host)))
    problems.push(`host: "${String(definition.host)}" is not a host name`);
  if ('basePath' in definition && !String(definition.basePath).startsWith('/'))
    problems.push('basePath must start with /');
  for (const [path, item] of Object.entries(isObject(definition.paths) ? definition.paths : {})) {
    if (VENDOR.test(path)) continue;
    if (!path.startsWith('/')) problems.push(`paths: "${path}" must start with /`);
    if (!isObject(item)) continue;
    onlyKeys(problems, path, item, PATH_ITEM_KEYS);
    for (const method of METHODS)
      if (isObject(item[method]))
        checkOperation(problems, `${method.toUpperCase()} ${path}`, item[method], exceptions);
  }
  checkSecurity(problems, definition.securityDefinitions);
  const metadata = definition['x-ms-connector-metadata'];
  if (
    metadata !== undefined &&
    !(
      Array.isArray(metadata) &&
      metadata.every(
        (item) =>
          isObject(item) && typeof item.propertyName === 'string' && typeof item.propertyValue === 'string',
      )
    )
  )
    problems.push('x-ms-connector-metadata: each item needs propertyName and propertyValue strings');
  if (definition.tags !== undefined && !(Array.isArray(definition.tags) && definition.tags.every(isObject)))
    problems.push('tags: each tag must be an object with a name');
  return problems;
}

/** Each operation of a definition, with where it is. */
export function operationsOf(definition: Json): { method: string; path: string; operation: Json }[] {
  return Object.entries(isObject(definition.paths) ? definition.paths : {}).flatMap(([path, item]) =>
    METHODS.filter((method) => isObject((item as Json)[method])).map((method) => ({
      method,
      path,
      operation: (item as Json)[method] as Json,
    })),
  );
}
