/**
 * The OpenAPI 3.1 contract read as Swagger 2.0 needs it: operations by their contract id, and schemas inlined
 * (refs followed, `allOf` merged, `type: [x, 'null']` as `x-nullable`), since Power Automate's designer shows
 * inline properties best and Swagger 2.0 has no null type.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Json = Record<string, unknown>;

export interface Contract {
  document: Json;
  /** The contract's operation by its operationId, with its path and method. */
  operation(operationId: string): { path: string; method: string; operation: Json };
  /** A component schema (or any schema) in Swagger 2.0 form, inlined. */
  swaggerSchema(schema: Json): Json;
  /** The JSON schema of an operation's success response or request body, as the contract writes it. */
  responseSchema(operationId: string): { status: string; description: string; schema: Json };
  requestSchema(operationId: string, mediaType: string): Json;
  parameter(operationId: string, name: string): Json;
}

// Words of JSON Schema 2020-12 that Swagger 2.0 lacks, and our own annotations the connector does not carry.
const DROPPED = new Set(['contentMediaType', 'examples', 'x-decision', 'x-max-bytes', 'const', '$schema']);

/** The contract of the repository this package sits in. */
export const contractIn = (packageDir: string) =>
  join(packageDir, '../../shared/openapi/musique.openapi.yaml');

export function readContract(source: string): Contract {
  const document = parse(readFileSync(source, 'utf8'), { merge: true }) as Json;
  const components = document.components as {
    schemas: Record<string, Json>;
    parameters: Record<string, Json>;
  };
  const paths = document.paths as Record<string, Record<string, Json>>;

  const deref = (value: Json): Json => {
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    const [, , kind, name] = ref.split('/');
    const target = (components as unknown as Record<string, Record<string, Json>>)[kind ?? '']?.[name ?? ''];
    if (!target) throw new Error(`The contract refers to ${ref}, which it does not define.`);
    return deref(target);
  };

  function swaggerSchema(input: Json): Json {
    const schema = deref(input);
    if (Array.isArray(schema.allOf)) {
      const parts = (schema.allOf as Json[]).map(swaggerSchema);
      return {
        type: 'object',
        required: [...new Set(parts.flatMap((part) => (part.required as string[] | undefined) ?? []))],
        properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      };
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED.has(key)) continue;
      if (key === 'type' && Array.isArray(value)) {
        const types = value.filter((type) => type !== 'null');
        out.type = types[0];
        if (types.length < value.length) out['x-nullable'] = true;
      } else if (key === 'properties') {
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Json>).map(([name, inner]) => [name, swaggerSchema(inner)]),
        );
      } else if (key === 'items') out.items = swaggerSchema(value as Json);
      else out[key] = value;
    }
    // Swagger 2.0 has one example, where 2020-12 has a list.
    const examples = schema.examples;
    if (Array.isArray(examples) && examples.length > 0) out.example = examples[0];
    return out;
  }

  function operation(operationId: string) {
    for (const [path, item] of Object.entries(paths))
      for (const [method, op] of Object.entries(item))
        if ((op as Json).operationId === operationId) return { path, method, operation: op as Json };
    throw new Error(`The contract has no operation ${operationId}.`);
  }

  return {
    document,
    operation,
    swaggerSchema,
    responseSchema(operationId) {
      const responses = operation(operationId).operation.responses as Record<string, Json>;
      const status = Object.keys(responses).find((code) => code.startsWith('2'));
      if (!status) throw new Error(`${operationId} has no success response in the contract.`);
      const response = deref(responses[status] as Json);
      const content = (response.content as Record<string, Json>)['application/json'];
      return {
        status,
        description: String(response.description),
        schema: swaggerSchema(content?.schema as Json),
      };
    },
    requestSchema(operationId, mediaType) {
      const body = deref(operation(operationId).operation.requestBody as Json);
      return swaggerSchema((body.content as Record<string, Json>)[mediaType]?.schema as Json);
    },
    parameter(operationId, name) {
      const { path, operation: op } = operation(operationId);
      const all = [
        ...((paths[path]?.parameters as unknown as Json[]) ?? []),
        ...((op.parameters as Json[]) ?? []),
      ];
      const found = all.map(deref).find((parameter) => parameter.name === name);
      if (!found) throw new Error(`${operationId} has no parameter ${name} in the contract.`);
      return found;
    },
  };
}
