/**
 * The offline checks pass on both committed connectors, and each kind of rule fails on the mistake it exists for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificationProblems, connectionProblems, iconProblems } from '../src/checks/certification.js';
import { AGENTIC_EXCEPTION, definitionProblems } from '../src/checks/definition-rules.js';
import { CONNECTORS, connectorProblems } from '../src/checks/index.js';
import { propertiesProblems } from '../src/checks/properties-rules.js';
import { drawIcon } from '../src/generate/icon.js';

const packageDir = join(__dirname, '..');
const read = (folder: string, file: string) =>
  JSON.parse(readFileSync(join(packageDir, folder, file), 'utf8'));
const musique = () => read(CONNECTORS.musique, 'apiDefinition.swagger.json');

test.each(Object.values(CONNECTORS))('%s passes every check', async (folder) => {
  expect(await connectorProblems(packageDir, folder)).toEqual([]);
});

test('the repository schema rules catch an unknown extension, a bad visibility, a path parameter not required, a wrapped literal', () => {
  const definition = musique();
  const get = definition.paths['/audio/{audioId}'].get;
  get['x-ms-agentic-protocol'] = 'mcp-streamable-1.0';
  get.parameters[0].required = false;
  get['x-ms-visibility'] = 'hidden';
  get.parameters[0]['x-ms-dynamic-values'].parameters = { limit: { value: 100 } }; // -list's form, not -values'
  expect(definitionProblems(definition)).toEqual([
    'GET /audio/{audioId}: "x-ms-agentic-protocol" is not allowed here',
    'GET /audio/{audioId}: x-ms-visibility must be important, advanced or internal, not "hidden"',
    'GET /audio/{audioId} parameter audioId: a path parameter must be required',
    'GET /audio/{audioId} parameter audioId: x-ms-dynamic-values parameter limit must be a literal or {parameter}',
  ]);
  expect(definitionProblems(definition, [AGENTIC_EXCEPTION])).toHaveLength(3);
});

test('certification rules catch a missing description, a dynamic list reading a field that does not exist, and size', () => {
  const definition = musique();
  delete definition.paths['/health'].get.description;
  definition.paths['/audio/{audioId}'].get.parameters[0]['x-ms-dynamic-values']['value-title'] = 'title';
  const problems = certificationProblems(definition, 1024 * 1024);
  expect(problems).toContain('the definition is 1048576 bytes; it must be under 1 MB');
  expect(problems).toContain('GET /health: no description');
  expect(problems).toContain(
    "GET /audio/{audioId} parameter audioId: x-ms-dynamic-values reads title, which ListAudio's answer does not have",
  );
});

test('apiProperties rules catch a policy reading a connection parameter that does not exist, and a bad redirect mode', () => {
  const properties = read(CONNECTORS.musique, 'apiProperties.json');
  delete properties.properties.connectionParameters.baseUrl;
  expect(propertiesProblems(properties)).toEqual([
    'policyTemplateInstances[0]: reads connection parameter baseUrl, which is not defined',
  ]);
  const mcp = read(CONNECTORS.mcp, 'apiProperties.json');
  mcp.properties.connectionParameters.token.oAuthSettings.redirectMode = 'Sometimes';
  expect(propertiesProblems(mcp)).toEqual([
    'connectionParameters.token.oAuthSettings: redirectMode must be Global or Direct',
  ]);
});

test('a written secret, a refused brand colour and an icon off the brand colour are caught', () => {
  const properties = read(CONNECTORS.mcp, 'apiProperties.json');
  properties.properties.connectionParameters.token.oAuthSettings.clientSecret = 's3cr3t';
  properties.properties.iconBrandColor = '#007EE5';
  expect(connectionProblems(read(CONNECTORS.mcp, 'apiDefinition.swagger.json'), properties)).toEqual([
    'connectionParameters.token: clientSecret must be a placeholder such as [[CLIENT_SECRET]]',
    'iconBrandColor #007EE5 is refused for certified connectors',
  ]);
  expect(iconProblems(drawIcon('#112233', 300), '#5B2A86')).toEqual([
    'the icon is 300 pixels wide; 100 to 230 fit',
    "the icon's background is #112233, not the brand colour #5B2A86",
  ]);
});
