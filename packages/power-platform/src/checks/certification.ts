/**
 * The rules Microsoft's certification names (the repository's pull-request checklist and README, and the
 * connector guidelines they link): every operation and parameter described, response schemas on actions,
 * dynamic values that point at real operations and fields, triggers with a hint, under 1 MB, a valid brand
 * colour, an icon on that colour, and no secret in the files.
 */
import { inflateSync } from 'node:zlib';
import { operationsOf } from './definition-rules.js';

type Json = Record<string, unknown>;

export const MAX_DEFINITION_BYTES = 1024 * 1024;
/** #007ee5 and #ffffff are refused for certified connectors; #da3b01 belongs to independent publishers. */
const REFUSED_COLORS = ['#007ee5', '#ffffff', '#da3b01'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkWords(problems: string[], where: string, value: Json, needsVisibility: boolean) {
  if (typeof value['x-ms-summary'] !== 'string' || !value['x-ms-summary'])
    problems.push(`${where}: no x-ms-summary`);
  if (typeof value.description !== 'string' || !value.description) problems.push(`${where}: no description`);
  if (needsVisibility && !value['x-ms-visibility']) problems.push(`${where}: no x-ms-visibility`);
}

/** Every property of a body or response schema carries a title and a description for the designer. */
function checkSchemaWords(problems: string[], where: string, schema: unknown, needsVisibility: boolean) {
  if (!isObject(schema)) return;
  for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    checkWords(problems, `${where}.${name}`, property as Json, needsVisibility);
    checkSchemaWords(problems, `${where}.${name}`, property, needsVisibility);
  }
  if (isObject(schema.items)) checkSchemaWords(problems, `${where}[]`, schema.items, needsVisibility);
}

/** The schema a path such as "data" names inside a response schema. */
function schemaAt(schema: unknown, path: string | undefined): Json | undefined {
  let at = isObject(schema) ? schema : undefined;
  for (const part of (path ?? '').split('/').filter(Boolean))
    at = (at?.properties as Json | undefined)?.[part] as Json | undefined;
  return at;
}

function successSchema(operation: Json): unknown {
  const responses = (operation.responses as Json | undefined) ?? {};
  const code = Object.keys(responses).find((key) => key.startsWith('2'));
  return code ? (responses[code] as Json).schema : undefined;
}

/** x-ms-dynamic-values / -list name an operation that exists, its parameters, and fields its answer has. */
function checkDynamicTargets(problems: string[], where: string, value: Json, byId: Map<string, Json>) {
  const values = value['x-ms-dynamic-values'] as Json | undefined;
  const list = value['x-ms-dynamic-list'] as Json | undefined;
  for (const [kind, spec, collection, valuePath, titlePath] of [
    ['x-ms-dynamic-values', values, 'value-collection', 'value-path', 'value-title'],
    ['x-ms-dynamic-list', list, 'itemsPath', 'itemValuePath', 'itemTitlePath'],
  ] as const) {
    if (!spec) continue;
    const target = byId.get(String(spec.operationId));
    if (!target) {
      problems.push(`${where}: ${kind} names ${String(spec.operationId)}, which is not an operation`);
      continue;
    }
    const names = ((target.parameters as Json[] | undefined) ?? []).map((parameter) => parameter.name);
    for (const name of Object.keys((spec.parameters as Json | undefined) ?? {}))
      if (!names.includes(name))
        problems.push(`${where}: ${kind} gives ${name}, which ${String(spec.operationId)} does not take`);
    const items = schemaAt(successSchema(target), spec[collection] as string | undefined);
    const fields = (items?.items as Json | undefined)?.properties as Json | undefined;
    for (const path of [spec[valuePath], spec[titlePath]])
      if (!fields || !(String(path) in fields))
        problems.push(
          `${where}: ${kind} reads ${String(path)}, which ${String(spec.operationId)}'s answer does not have`,
        );
  }
}

export function certificationProblems(definition: Json, definitionBytes: number): string[] {
  const problems: string[] = [];
  if (definitionBytes >= MAX_DEFINITION_BYTES)
    problems.push(`the definition is ${definitionBytes} bytes; it must be under 1 MB`);
  const all = operationsOf(definition);
  const byId = new Map(all.map(({ operation }) => [String(operation.operationId), operation]));
  const ids = all.map(({ operation }) => operation.operationId);
  for (const { method, path, operation } of all) {
    const where = `${method.toUpperCase()} ${path}`;
    const id = operation.operationId;
    if (typeof id !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(id))
      problems.push(`${where}: operationId must be PascalCase letters and digits`);
    if (ids.filter((other) => other === id).length > 1)
      problems.push(`${where}: operationId ${String(id)} is not unique`);
    const summary = operation.summary;
    if (typeof summary !== 'string' || !summary) problems.push(`${where}: no summary`);
    else {
      if (summary.length > 80) problems.push(`${where}: the summary is longer than 80 characters`);
      if (/[.!?]$/.test(summary)) problems.push(`${where}: the summary ends with punctuation`);
    }
    const description = operation.description;
    if (typeof description !== 'string' || !description) problems.push(`${where}: no description`);
    else if (description === summary) problems.push(`${where}: the description only repeats the summary`);
    if (!operation['x-ms-visibility']) problems.push(`${where}: no x-ms-visibility`);
    if (operation['x-ms-trigger'] && !operation['x-ms-trigger-hint'])
      problems.push(`${where}: a trigger needs x-ms-trigger-hint`);
    for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
      const at = `${where} parameter ${String(parameter.name)}`;
      checkWords(problems, at, parameter, true);
      checkDynamicTargets(problems, at, parameter, byId);
      if (parameter.in === 'body') checkSchemaWords(problems, `${at} body`, parameter.schema, true);
    }
    if (!isObject(successSchema(operation))) problems.push(`${where}: the success response has no schema`);
    for (const [code, response] of Object.entries((operation.responses as Json | undefined) ?? {}))
      checkSchemaWords(problems, `${where} ${code}`, (response as Json).schema, false);
  }
  return problems;
}

/** The connection matches the security the definition declares, and no secret is written in the files. */
export function connectionProblems(definition: Json, properties: Json): string[] {
  const problems: string[] = [];
  const inner = (properties.properties as Json | undefined) ?? {};
  const parameters = (inner.connectionParameters as Record<string, Json> | undefined) ?? {};
  const schemes = Object.values((definition.securityDefinitions as Record<string, Json> | undefined) ?? {});
  if (schemes.some((scheme) => scheme.type === 'apiKey') && parameters.api_key?.type !== 'securestring')
    problems.push('an API key connector needs the api_key connection parameter, of type securestring');
  if (
    schemes.some((scheme) => scheme.type === 'oauth2') &&
    !Object.values(parameters).some((p) => p.type === 'oauthSetting')
  )
    problems.push('an OAuth connector needs an oauthSetting connection parameter');
  for (const [name, parameter] of Object.entries(parameters)) {
    const oauth = parameter.oAuthSettings as Json | undefined;
    const secret = oauth?.clientSecret;
    if (typeof secret === 'string' && !/^\[\[.*\]\]$/.test(secret))
      problems.push(
        `connectionParameters.${name}: clientSecret must be a placeholder such as [[CLIENT_SECRET]]`,
      );
  }
  const color = String(inner.iconBrandColor ?? '');
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) problems.push(`iconBrandColor ${color} is not a #rrggbb colour`);
  if (REFUSED_COLORS.includes(color.toLowerCase()))
    problems.push(`iconBrandColor ${color} is refused for certified connectors`);
  return problems;
}

/** The icon: a PNG, square, 100 to 230 pixels, opaque, its background the brand colour. */
export function iconProblems(png: Buffer, brandColor: string): string[] {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return ['the icon is not a PNG'];
  const problems: string[] = [];
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colorType] = [png[24], png[25]];
  if (width !== height) problems.push(`the icon is ${width}x${height}; it must be square`);
  if (width < 100 || width > 230) problems.push(`the icon is ${width} pixels wide; 100 to 230 fit`);
  if (colorType !== 2 || depth !== 8) problems.push('the icon must be 8-bit RGB without transparency');
  if (png.length > 100 * 1024) problems.push(`the icon is ${png.length} bytes; keep it under 100 KB`);
  // The top-left pixel is background: read it from the first row (filter byte 0 expected of an unfiltered row).
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') data.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(data));
  const corner = `#${pixels.subarray(1, 4).toString('hex')}`;
  if (pixels[0] !== 0 || corner.toLowerCase() !== brandColor.toLowerCase())
    problems.push(`the icon's background is ${corner}, not the brand colour ${brandColor}`);
  return problems;
}
