// Writes src/generated/contract.ts: the contract's enum values and limits as values, so no package retypes
// them. Runs after openapi-typescript in `pnpm --filter @musique/core generate`.
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';

const source = new URL('../../../shared/openapi/musique.openapi.yaml', import.meta.url);
const target = new URL('../src/generated/contract.ts', import.meta.url);
const document = parse(await readFile(source, 'utf8'), { merge: true });
const { schemas } = document.components;

const KEPT = [
  'enum',
  'default',
  'examples',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'description',
];

/** The limits of one schema, with `$ref`s followed and the item limits of an array under `items`. */
function limitsOf(schema) {
  const resolved = schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
  const limits = Object.fromEntries(KEPT.filter((key) => key in resolved).map((key) => [key, resolved[key]]));
  if (resolved.items) limits.items = limitsOf(resolved.items);
  // A binary part's size limit, in bytes (an extension: maxLength would count characters).
  if ('x-max-bytes' in resolved) limits.maxBytes = resolved['x-max-bytes'];
  if (typeof limits.description === 'string') limits.description = limits.description.trim();
  return limits;
}

const propertiesOf = (schema) =>
  Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, limitsOf(property)]));

const operations = Object.values(document.paths).flatMap((path) =>
  ['get', 'post', 'delete'].map((method) => path[method]).filter(Boolean),
);
const operation = (id) => operations.find((candidate) => candidate.operationId === id);
const parameters = (id) =>
  Object.fromEntries(
    operation(id)
      .parameters.filter((parameter) => parameter.in === 'query')
      .map((parameter) => [parameter.name, limitsOf(parameter.schema)]),
  );

const enums = Object.entries(schemas).filter(([, schema]) => Array.isArray(schema.enum));
const limits = {
  sendAudio: propertiesOf(schemas.SendRequest),
  uploadAudio: propertiesOf(operation('uploadAudio').requestBody.content['multipart/form-data'].schema),
  listAudio: parameters('listAudio'),
  idempotencyKey: limitsOf(document.components.parameters.IdempotencyKey.schema),
};

const lines = [
  '// Generated from shared/openapi/musique.openapi.yaml by scripts/generate-contract.mjs; do not edit.',
  '',
  ...enums.flatMap(([name, schema]) => [
    `export const ${name}Values = ${JSON.stringify(schema.enum)} as const;`,
    `export type ${name}Value = (typeof ${name}Values)[number];`,
  ]),
  '',
  "/** The documented limits of each operation's inputs. */",
  `export const contractLimits = ${JSON.stringify(limits, null, 2)} as const;`,
  '',
];
await writeFile(target, lines.join('\n'));
