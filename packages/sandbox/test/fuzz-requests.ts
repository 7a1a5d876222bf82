// The fuzz suite's requests (fuzz.test.ts): every operation of the OpenAPI document as valid requests derived
// from it and the same requests mutated the way a hostile client would, encoded and sent over real HTTP.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import YAML from 'yaml';
import { findContractFile, loadContract } from '../src/rules/contract.js';
import { type FuzzBody, type FuzzRequest, percentEncode } from './fuzz-http.js';

export type Json = Record<string, unknown>;

const document = YAML.parse(readFileSync(findContractFile(), 'utf8'), { maxAliasCount: -1 }) as Json;
export const contract = loadContract();

const resolve = (node: unknown): Json => {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== 'string') return node as Json;
  return resolve(
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key], document),
  );
};

export interface Operation {
  id: string;
  method: string;
  /** Path from the origin with `{name}` placeholders. */
  path: string;
  parameters: Json[];
  json: Json | null;
  multipart: Json | null;
  write: boolean;
}

/** Every operation in the document, aliases included, with the parameters and body of the one it aliases. */
export function operations(): Operation[] {
  const serverPath = (servers: unknown) => new URL((servers as Array<{ url: string }>)[0]!.url).pathname;
  const base = serverPath(document.servers).replace(/\/$/, '');
  const byId = new Map<string, { item: Json; operation: Json }>();
  for (const item of Object.values(document.paths as Json) as Json[]) {
    for (const method of ['get', 'post', 'delete']) {
      const operation = item[method] as Json | undefined;
      if (operation) byId.set(operation.operationId as string, { item, operation });
    }
  }
  const found: Operation[] = [];
  for (const [documentedPath, item] of Object.entries(document.paths as Json) as Array<[string, Json]>) {
    const prefix = item.servers ? serverPath(item.servers).replace(/\/$/, '') : base;
    for (const method of ['get', 'post', 'delete']) {
      const documented = item[method] as Json | undefined;
      if (!documented) continue;
      const id = documented.operationId as string;
      const aliasOf = id.startsWith('legacy') ? id.charAt(6).toLowerCase() + id.slice(7) : id;
      const target = byId.get(aliasOf)!;
      const content = (resolve(target.operation.requestBody)?.content ?? {}) as Json;
      found.push({
        id,
        method: method.toUpperCase(),
        path: `${prefix}${documentedPath === '/' ? '' : documentedPath}` || '/',
        parameters: [
          ...((target.item.parameters as unknown[]) ?? []),
          ...((target.operation.parameters as unknown[]) ?? []),
        ].map(resolve),
        json: resolve((content['application/json'] as Json | undefined)?.schema) ?? null,
        multipart: resolve((content['multipart/form-data'] as Json | undefined)?.schema) ?? null,
        write: method !== 'get',
      });
    }
  }
  return found;
}

/** Names whose valid values only the running sandbox knows. */
export interface Known {
  audioIds: string[];
  externalIds: string[];
  webhookIds: string[];
  companyToken: string;
}

const hostileStrings = [
  '\0',
  'a\0b',
  '\ud800',
  '\udc00x',
  '😀',
  '\u202e\u0301',
  '../../etc/passwd',
  '%00',
  ' ',
  'x'.repeat(5000),
  '2030-06-30T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '2026-02-30T00:00:00Z',
];
const hostileValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(...hostileStrings) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('\0', '\ud800', '\udfff'),
        fc.string({ maxLength: 10 }),
      )
      .map((parts) => parts.join('')),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(-1, 0, 1e308, -0, 2 ** 53 + 1, 1.5, null, true, [], {}, [[[]]]),
  },
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.object({ maxDepth: 3 }),
);

/** A value the schema accepts (mostly: patterns, uniqueness and formats are approximated). */
function valid(schema: Json | undefined, name: string, known: Known): fc.Arbitrary<unknown> {
  const s = resolve(schema ?? {});
  if (name === 'audioId' && known.audioIds.length > 0) return fc.constantFrom(...known.audioIds);
  if (name === 'externalId' || name === 'externalIds[]') return fc.constantFrom(...known.externalIds);
  if (name === 'webhookId' && known.webhookIds.length > 0) return fc.constantFrom(...known.webhookIds);
  if (name === 'companyToken') return fc.constant(known.companyToken);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  if (s.oneOf || s.anyOf)
    return fc.oneof(...((s.oneOf ?? s.anyOf) as Json[]).map((x) => valid(x, name, known)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: (s.minimum as number) ?? -1000, max: (s.maximum as number) ?? 1000 });
    case 'number':
      return fc.double({
        min: (s.minimum as number) ?? -1000,
        max: (s.maximum as number) ?? 1000,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.uniqueArray(valid(s.items as Json, `${name}[]`, known), {
        minLength: (s.minItems as number) ?? 0,
        maxLength: Math.min((s.maxItems as number) ?? 5, 5),
      });
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Json>;
      const required = (s.required ?? []) as string[];
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, inner]) => [key, valid(inner, key, known)])),
        { requiredKeys: required },
      );
    }
    default: {
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (s.format === 'uri' || name === 'url') return fc.constant('https://example.test/hook');
      if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern));
      return fc.string({
        minLength: (s.minLength as number) ?? 0,
        maxLength: Math.min((s.maxLength as number) ?? 40, 40),
      });
    }
  }
}

const mutate = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, hostileValue);

export function requestFor(operation: Operation, known: Known): fc.Arbitrary<FuzzRequest> {
  const parameters = (where: string, hostile: boolean) =>
    fc.record(
      Object.fromEntries(
        operation.parameters
          .filter((p) => p.in === where)
          .map((p) => {
            const value = valid(p.schema as Json, p.name as string, known);
            return [p.name as string, hostile ? mutate(value) : value];
          }),
      ),
      { requiredKeys: where === 'path' ? undefined : [] },
    );
  const jsonBody = operation.json ? valid(operation.json, 'body', known) : fc.constant(undefined);
  const multipartFields = operation.multipart
    ? (valid(
        {
          ...operation.multipart,
          properties: { ...(operation.multipart.properties as Json), file: undefined },
        },
        'fields',
        known,
      ) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant({});
  const body: fc.Arbitrary<FuzzBody> = operation.multipart
    ? fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('multipart' as const),
            fields: multipartFields,
            file: fc.boolean(),
            boundary: fc.constant(true),
            cutAt: fc.constant(null),
          }),
        },
        fc.record({
          kind: fc.constant('multipart' as const),
          fields: fc.dictionary(
            fc.constantFrom('name', 'category', 'description', 'file', 'x'),
            hostileValue,
          ),
          file: fc.boolean(),
          boundary: fc.boolean(),
          cutAt: fc.option(fc.nat(4000)),
        }),
        fc.record({ kind: fc.constant('json' as const), value: hostileValue }),
      )
    : fc.oneof(
        {
          weight: 4,
          arbitrary: jsonBody.map((value) =>
            value === undefined ? { kind: 'none' as const } : { kind: 'json' as const, value },
          ),
        },
        {
          weight: 2,
          arbitrary: fc.record({ kind: fc.constant('json' as const), value: mutateDeep(jsonBody) }),
        },
        fc.record({ kind: fc.constant('deep' as const), levels: fc.constantFrom(33, 1000, 200_000) }),
        fc.record({ kind: fc.constant('oversized' as const), bytes: fc.constant(1_100_000) }),
        fc.record({
          kind: fc.constant('text' as const),
          contentType: fc.constantFrom(
            'application/json',
            'text/plain',
            'application/json; charset=latin1',
            'multipart/form-data',
          ),
          text: fc.oneof(
            fc.string({ unit: 'binary', maxLength: 50 }),
            fc.constantFrom('{', '{"a":', 'null', '"\\u0000"', '"\\ud800"'),
          ),
        }),
      );
  return fc.record({
    operation: fc.constant(operation.id),
    method: fc.constant(operation.method),
    path: fc
      .oneof(parameters('path', false), parameters('path', true))
      .map((values) =>
        operation.path.replace(
          /\{(\w+)\}/g,
          (_, name: string) => percentEncode(String(values[name] ?? 'x')) || 'x',
        ),
      ),
    query: fc.oneof(parameters('query', false), parameters('query', true)),
    headers: fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      fc.record({
        'idempotency-key': fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constant('k'.repeat(300))),
      }),
      fc.dictionary(
        fc.constantFrom('accept', 'x-api-key', 'content-length', 'idempotency-key'),
        fc.string({ maxLength: 20 }),
      ),
    ),
    key: fc.constantFrom('valid', 'valid', 'valid', 'none', 'garbage'),
    hugeHeaders: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, fc.constant(true)),
    body,
  });
}

/** Replaces one value somewhere inside a valid body with a hostile one. */
function mutateDeep(arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(arbitrary, hostileValue, fc.nat()).map(([value, hostile, pick]) => {
    if (value === null || typeof value !== 'object') return hostile;
    const copy = structuredClone(value) as Json;
    const keys = Object.keys(copy);
    if (keys.length === 0) return hostile;
    const key = keys[pick % keys.length]!;
    const inner = copy[key];
    if (Array.isArray(inner) && inner.length > 0) inner[pick % inner.length] = hostile;
    else copy[key] = hostile;
    return copy;
  });
}
