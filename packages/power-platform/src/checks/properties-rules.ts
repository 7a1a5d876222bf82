/**
 * What microsoft/PowerPlatformConnectors' schemas/paconn-apiProperties.schema.json requires of apiProperties.json,
 * as our own checks: the keys allowed, connection parameters and their UI, OAuth settings, and the parameters of
 * the policy templates we use (dynamichosturl, pollingtrigger).
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKeys(problems: string[], where: string, value: Json, allowed: readonly string[]) {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push(`${where}: "${key}" is not allowed`);
}

const UI_KEYS = ['displayName', 'description', 'tooltip', 'tabIndex', 'constraints'];
const CONSTRAINT_TYPES: Record<string, string> = {
  clearText: 'boolean',
  required: 'string',
  tabIndex: 'number',
  hidden: 'string',
};
const GENERIC_OAUTH_PARAMETERS = [
  'authorizationUrlQueryStringTemplate',
  'authorizationUrlTemplate',
  'refreshBodyTemplate',
  'refreshUrlTemplate',
  'refreshUrlQueryStringTemplate',
  'scopeListDelimiter',
  'tokenBodyTemplate',
  'tokenUrlTemplate',
  'tokenUrlQueryStringTemplate',
];
const OAUTH_KEYS = [
  'identityProvider',
  'clientId',
  'clientSecret',
  'redirectMode',
  'redirectUrl',
  'scopes',
  'properties',
  'additionalParameters',
  'customParameters',
];

function checkUi(problems: string[], where: string, ui: unknown) {
  if (ui === undefined) return;
  if (!isObject(ui)) return void problems.push(`${where}: uiDefinition must be an object`);
  onlyKeys(problems, where, ui, UI_KEYS);
  for (const key of ['displayName', 'description', 'tooltip'])
    if (key in ui && typeof ui[key] !== 'string') problems.push(`${where}: ${key} must be a string`);
  const constraints = isObject(ui.constraints) ? ui.constraints : {};
  for (const [key, value] of Object.entries(constraints)) {
    const type = CONSTRAINT_TYPES[key];
    if (type && typeof value !== type) problems.push(`${where}: constraints.${key} must be a ${type}`);
  }
}

function checkOAuth(problems: string[], where: string, settings: unknown) {
  if (!isObject(settings)) return void problems.push(`${where}: oAuthSettings is required`);
  onlyKeys(problems, where, settings, OAUTH_KEYS);
  if (
    !['oauth2', 'oauth2generic', 'aad', 'aadcertificate', 'facebook'].includes(
      String(settings.identityProvider),
    )
  )
    problems.push(
      `${where}: identityProvider ${String(settings.identityProvider)} is not one the schema names`,
    );
  if ('redirectMode' in settings && !['Global', 'Direct'].includes(String(settings.redirectMode)))
    problems.push(`${where}: redirectMode must be Global or Direct`);
  if ('redirectUrl' in settings && !URL.canParse(String(settings.redirectUrl)))
    problems.push(`${where}: redirectUrl must be a URI`);
  if (
    'scopes' in settings &&
    !(Array.isArray(settings.scopes) && settings.scopes.every((scope) => typeof scope === 'string'))
  )
    problems.push(`${where}: scopes must be strings`);
  const custom = isObject(settings.customParameters) ? settings.customParameters : {};
  for (const [key, value] of Object.entries(custom)) {
    if (settings.identityProvider === 'oauth2generic' && !GENERIC_OAUTH_PARAMETERS.includes(key))
      problems.push(`${where}: customParameters.${key} is not one oauth2generic takes`);
    if (!isObject(value) || typeof value.value !== 'string')
      problems.push(`${where}: customParameters.${key} needs a string value`);
  }
}

function checkConnectionParameter(problems: string[], name: string, parameter: unknown) {
  const where = `connectionParameters.${name}`;
  if (!/^[0-9a-zA-Z_]+$/.test(name) && !/^[0-9a-zA-Z_]+:[0-9a-zA-Z_]+$/.test(name))
    problems.push(`${where}: the name must be letters, digits and underscores`);
  if (!isObject(parameter)) return void problems.push(`${where}: must be an object`);
  const type = String(parameter.type);
  if (['string', 'securestring', 'int', 'bool'].includes(type)) {
    onlyKeys(problems, where, parameter, ['type', 'allowedValues', 'defaultValue', 'uiDefinition']);
    if ('defaultValue' in parameter && typeof parameter.defaultValue !== 'string')
      problems.push(`${where}: defaultValue must be a string`);
  } else if (type === 'oauthSetting') {
    onlyKeys(problems, where, parameter, ['type', 'oAuthSettings', 'uiDefinition']);
    checkOAuth(problems, `${where}.oAuthSettings`, parameter.oAuthSettings);
  } else if (type === 'gatewaySetting') onlyKeys(problems, where, parameter, ['type', 'uiDefinition']);
  else
    problems.push(
      `${where}: type ${type} is not string, securestring, int, bool, oauthSetting or gatewaySetting`,
    );
  checkUi(problems, `${where}.uiDefinition`, parameter.uiDefinition);
}

function checkPolicy(problems: string[], index: number, policy: unknown, connectionNames: string[]) {
  const where = `policyTemplateInstances[${index}]`;
  if (!isObject(policy) || typeof policy.templateId !== 'string' || !policy.templateId)
    return void problems.push(`${where}: templateId is required`);
  onlyKeys(problems, where, policy, ['templateId', 'title', 'type', 'parameters']);
  const parameters = isObject(policy.parameters) ? policy.parameters : {};
  const template = policy.templateId.toLowerCase();
  const operationNames = parameters['x-ms-apimTemplate-operationName'];
  if (
    operationNames !== undefined &&
    !(Array.isArray(operationNames) && operationNames.every((name) => typeof name === 'string'))
  )
    problems.push(`${where}: x-ms-apimTemplate-operationName must be a list of operation ids`);
  if (template === 'dynamichosturl') {
    onlyKeys(problems, where, parameters, [
      'x-ms-apimTemplate-operationName',
      'x-ms-apimTemplateParameter.urlTemplate',
    ]);
    if (typeof parameters['x-ms-apimTemplateParameter.urlTemplate'] !== 'string')
      problems.push(`${where}: dynamichosturl needs x-ms-apimTemplateParameter.urlTemplate`);
  }
  if (template === 'pollingtrigger') {
    onlyKeys(problems, where, parameters, [
      'x-ms-apimTemplate-operationName',
      'x-ms-apimTemplateParameter.triggerConfig',
      'x-ms-apimTemplateParameter.triggerDataPath',
    ]);
    if (!isObject(parameters['x-ms-apimTemplateParameter.triggerConfig']))
      problems.push(`${where}: pollingtrigger needs a triggerConfig object`);
    if (typeof parameters['x-ms-apimTemplateParameter.triggerDataPath'] !== 'string')
      problems.push(`${where}: pollingtrigger needs a triggerDataPath`);
    if ('type' in policy && policy.type !== 'PollingTrigger')
      problems.push(`${where}: type must be PollingTrigger`);
  }
  // A policy that reads a connection parameter the connection does not have would fail at run time.
  for (const [, name] of JSON.stringify(parameters).matchAll(/@connectionParameters\('([^']+)'\)/gi))
    if (!connectionNames.includes(name ?? ''))
      problems.push(`${where}: reads connection parameter ${name}, which is not defined`);
}

export function propertiesProblems(document: Json): string[] {
  const problems: string[] = [];
  onlyKeys(problems, 'root', document, ['$schema', 'properties']);
  const properties = document.properties;
  if (!isObject(properties)) return ['root: "properties" is required'];
  onlyKeys(problems, 'properties', properties, [
    'iconBrandColor',
    'publisher',
    'stackOwner',
    'capabilities',
    'connectionParameters',
    'policyTemplateInstances',
  ]);
  if (typeof properties.iconBrandColor !== 'string') problems.push('properties: iconBrandColor is required');
  if (
    'capabilities' in properties &&
    !(
      Array.isArray(properties.capabilities) &&
      properties.capabilities.every((item) => typeof item === 'string')
    )
  )
    problems.push('properties: capabilities must be a list of strings');
  const parameters = isObject(properties.connectionParameters) ? properties.connectionParameters : {};
  for (const [name, parameter] of Object.entries(parameters))
    checkConnectionParameter(problems, name, parameter);
  const policies = properties.policyTemplateInstances ?? [];
  if (!Array.isArray(policies)) problems.push('properties: policyTemplateInstances must be a list');
  else
    for (const [index, policy] of policies.entries())
      checkPolicy(problems, index, policy, Object.keys(parameters));
  return problems;
}
