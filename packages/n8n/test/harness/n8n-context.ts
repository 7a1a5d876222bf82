/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test harness, never shipped: it stands in for n8n itself, which needs the file system and timers. */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import {
  type IBinaryData,
  type IDataObject,
  type IExecuteFunctions,
  type IHookFunctions,
  type IHttpRequestOptions,
  type ILoadOptionsFunctions,
  type INode,
  type INodeExecutionData,
  type IPollFunctions,
  type IWebhookFunctions,
  type JsonObject,
  NodeApiError,
  NodeOperationError,
} from 'n8n-workflow';
import { MusiqueApi } from '../../credentials/MusiqueApi.credentials';
import { audioLocator } from '../../nodes/Musique/actions/common.descriptions';

/**
 * A minimal stand-in for the functions object n8n hands a node (n8n itself cannot run inside jest). What the
 * nodes rely on behaves as n8n's does: HTTP really goes out (the key in the headers the core gives it),
 * binary data may live in memory (base64) or on disk (then `data` is only the mode, and `id` points at the file).
 */
export interface HarnessOptions {
  credentials: { apiKey: string; baseUrl: string };
  /** Parameters as the workflow JSON stores them; `={{ $json.x }}` expressions are resolved per item. */
  parameters: IDataObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
  mode?: 'manual' | 'trigger' | 'webhook';
  staticData?: IDataObject;
  webhookUrl?: string;
  nodeName?: string;
  /** The workflow's time zone (Settings > Timezone); n8n's default is America/New_York. */
  timeZone?: string;
  /** Stands in for the network between n8n and the API: it may forward a request and still fail it. */
  network?: (request: IHttpRequestOptions, forward: () => Promise<unknown>) => Promise<unknown>;
}

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface Harness {
  context: IExecuteFunctions & IPollFunctions & IHookFunctions & ILoadOptionsFunctions;
  staticData: IDataObject;
  calls: HttpCall[];
}

export function createContext(options: HarnessOptions): Harness {
  const items = options.items ?? [{ json: {} }];
  const staticData = options.staticData ?? {};
  const calls: HttpCall[] = [];
  const node: INode = {
    id: randomUUID(),
    name: options.nodeName ?? 'Musique',
    type: 'n8n-nodes-musique.musique',
    typeVersion: 1,
    position: [0, 0],
    parameters: options.parameters as INode['parameters'],
  };

  const parameter = (
    name: string,
    itemIndex: number,
    fallback?: unknown,
    extractValue?: boolean,
  ): unknown => {
    let value: unknown = options.parameters;
    for (const key of name.split('.')) value = (value as IDataObject | undefined)?.[key];
    if (value === undefined) {
      if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
      return fallback;
    }
    const resolved = resolveExpressions(value, items[itemIndex]?.json ?? {});
    if (extractValue && isResourceLocator(resolved)) return extractLocatorValue(name, resolved);
    return resolved;
  };

  const context = {
    getNode: () => node,
    getMode: () => options.mode ?? 'manual',
    getActivationMode: () => 'activate',
    getExecutionId: () => 'test-execution',
    getTimezone: () => options.timeZone ?? 'America/New_York',
    getInputData: () => items,
    continueOnFail: () => options.continueOnFail ?? false,
    getCredentials: async (type: string) => {
      if (type !== 'musiqueApi') throw new Error(`Unknown credential type ${type}`);
      return options.credentials;
    },
    // Execute functions take (name, itemIndex, fallback, options); poll, hook and webhook ones (name, fallback).
    getNodeParameter: (name: string, ...rest: unknown[]) => {
      if (typeof rest[0] === 'number') {
        const opts = rest[2] as { extractValue?: boolean } | undefined;
        return parameter(name, rest[0], rest[1], opts?.extractValue);
      }
      const opts = rest[1] as { extractValue?: boolean } | undefined;
      return parameter(name, 0, rest[0], opts?.extractValue);
    },
    getWorkflowStaticData: () => staticData,
    getNodeWebhookUrl: () => options.webhookUrl,
    getWebhookName: () => 'default',
    helpers: {
      httpRequest(request: IHttpRequestOptions) {
        const forward = () => httpRequest(node, request, calls);
        return options.network ? options.network(request, forward) : forward();
      },
      assertBinaryData: (itemIndex: number, propertyName: string) =>
        assertBinaryData(node, items, itemIndex, propertyName),
      getBinaryDataBuffer: async (itemIndex: number, propertyName: string) =>
        binaryBuffer(assertBinaryData(node, items, itemIndex, propertyName)),
      getBinaryStream: async (binaryDataId: string) => createReadStream(filePathOf(binaryDataId)),
      returnJsonArray: (data: IDataObject | IDataObject[]) =>
        (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
      constructExecutionMetaData: (
        inputData: INodeExecutionData[],
        { itemData }: { itemData: INodeExecutionData['pairedItem'] },
      ) => inputData.map(({ json, ...rest }) => ({ json, pairedItem: itemData, ...rest })),
    },
  };
  return { context: context as unknown as Harness['context'], staticData, calls };
}

/** The context of one webhook request, built from the request n8n's web server received. */
export function createWebhookContext(
  harness: Harness,
  request: { body: IDataObject; rawBody: Buffer; headers: Record<string, string | string[] | undefined> },
): { context: IWebhookFunctions; response: { status?: number; body?: unknown } } {
  const response: { status?: number; body?: unknown } = {};
  const reply = {
    status(code: number) {
      response.status = code;
      return reply;
    },
    json(body: unknown) {
      response.body = body;
      return reply;
    },
    send(body: unknown) {
      response.body = body;
      return reply;
    },
    end: () => reply,
  };
  const context = {
    ...harness.context,
    getBodyData: () => request.body,
    getHeaderData: () => request.headers,
    getRequestObject: () => ({ body: request.body, rawBody: request.rawBody, headers: request.headers }),
    getResponseObject: () => reply,
  };
  return { context: context as unknown as IWebhookFunctions, response };
}

// ---- binary data, as n8n's BinaryDataService stores it -------------------------------------------------------

const binaryRoot = join(tmpdir(), `musique-n8n-binary-${process.pid}`);

/** Like `this.helpers.prepareBinaryData`: in memory (base64 in `data`) or on disk (`data` is only the mode). */
export async function prepareBinaryData(
  filePath: string,
  mode: 'default' | 'filesystem-v2',
  mimeType = 'audio/mpeg',
): Promise<IBinaryData> {
  const bytes = await readFile(filePath);
  const common = {
    mimeType,
    fileName: basename(filePath),
    fileExtension: extname(filePath).slice(1),
    fileType: 'audio' as const,
    fileSize: `${Math.round(bytes.length / 1024)} kB`,
  };
  if (mode === 'default') return { ...common, data: bytes.toString('base64') };
  const relative = join('workflows', 'test', 'executions', 'temp', 'binary_data', randomUUID());
  await mkdir(join(binaryRoot, relative, '..'), { recursive: true });
  await writeFile(join(binaryRoot, relative), bytes);
  return {
    ...common,
    id: `filesystem-v2:${relative}`,
    data: 'filesystem-v2',
    bytes: (await stat(filePath)).size,
  };
}

function filePathOf(binaryDataId: string): string {
  const [mode, relative] = binaryDataId.split(':', 2);
  if (mode !== 'filesystem-v2' || !relative) throw new Error(`Unsupported binary data id ${binaryDataId}`);
  return join(binaryRoot, relative);
}

async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
  if (binary.id) return readFile(filePathOf(binary.id));
  return Buffer.from(binary.data, 'base64');
}

function assertBinaryData(
  node: INode,
  items: INodeExecutionData[],
  itemIndex: number,
  propertyName: string,
): IBinaryData {
  const binary = items[itemIndex]?.binary?.[propertyName];
  if (!binary) {
    // n8n's own wording, so tests see what a user would.
    throw new NodeOperationError(
      node,
      `This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`,
      { itemIndex },
    );
  }
  return binary;
}

// ---- HTTP, as n8n's httpRequest helper behaves -----------------------------------------------------------

async function httpRequest(node: INode, request: IHttpRequestOptions, calls: HttpCall[]): Promise<unknown> {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, String(v)]));
  calls.push({ method: request.method ?? 'GET', url: request.url, headers });
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      ...(request.body === undefined ? {} : { body: toFetchBody(request.body) }),
      ...(request.timeout ? { signal: AbortSignal.timeout(request.timeout) } : {}),
    });
  } catch (error) {
    // n8n wraps a failed request in a NodeApiError that keeps the HTTP library's error (and its code) as cause.
    const cause = (error as { cause?: { code?: string } }).cause;
    const wrapped = Object.assign(new Error((error as Error).message), {
      code: cause?.code ?? 'ECONNREFUSED',
    });
    throw new NodeApiError(node, wrapped as unknown as JsonObject);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const responseHeaders: IDataObject = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  if (!request.ignoreHttpStatusErrors && response.status >= 400) {
    throw new NodeApiError(node, { message: bytes.toString('utf8') }, { httpCode: String(response.status) });
  }
  const body =
    request.encoding === 'arraybuffer' ? bytes : parseBody(bytes, response.headers.get('content-type'));
  if (!request.returnFullResponse) return body;
  return { body, headers: responseHeaders, statusCode: response.status, statusMessage: response.statusText };
}

function toFetchBody(body: IHttpRequestOptions['body']): string | Uint8Array {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return new Uint8Array(body);
  return JSON.stringify(body);
}

function parseBody(bytes: Buffer, contentType: string | null): unknown {
  const text = bytes.toString('utf8');
  if (contentType?.includes('json')) return JSON.parse(text);
  return text;
}

// ---- parameters -----------------------------------------------------------------------------------------

function isResourceLocator(value: unknown): value is { __rl: true; mode: string; value: unknown } {
  return typeof value === 'object' && value !== null && (value as { __rl?: boolean }).__rl === true;
}

/** Only the expressions the fixtures use: `={{ $json.field }}`. Anything else fails loudly. */
function resolveExpressions(value: unknown, json: IDataObject): unknown {
  if (typeof value === 'string' && value.startsWith('=')) {
    const field = /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(value)?.[1];
    if (!field) throw new Error(`The test harness cannot evaluate ${value}`);
    return json[field];
  }
  if (Array.isArray(value)) return value.map((entry) => resolveExpressions(entry, json));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, resolveExpressions(entry, json)]),
    );
  }
  return value;
}

/**
 * What n8n's "Test" button does with the credential: its test request, the `{{$credentials.x}}` expressions
 * and `||` fallbacks it uses resolved, and a failing status turned into the message of the matching rule.
 */
export async function testCredential(credentials: {
  apiKey: string;
  baseUrl: string;
}): Promise<{ status: 'OK' | 'Error'; message: string; statusCode?: number }> {
  const { request, rules = [] } = new MusiqueApi().test;
  const resolve = (value: unknown) => credentialExpression(String(value), credentials);
  const query = new URLSearchParams(
    Object.entries(request.qs ?? {}).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
  const node = {
    id: 'credential-test',
    name: 'Credential test',
    type: 'musiqueApi',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
  } as INode;
  let url: string;
  try {
    url = new URL(`${resolve(request.baseURL).replace(/\/+$/, '')}${request.url}?${query}`).href;
  } catch (error) {
    return { status: 'Error', message: (error as Error).message };
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [name, resolve(value)]),
  );
  const response = (await httpRequest(
    node,
    { url, method: request.method ?? 'GET', headers, returnFullResponse: true, ignoreHttpStatusErrors: true },
    [],
  )) as { statusCode: number; statusMessage: string };
  if (response.statusCode < 400)
    return { status: 'OK', message: 'Connection tested successfully', statusCode: 200 };
  const rule = rules.find(
    (candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.statusCode,
  );
  return {
    status: 'Error',
    statusCode: response.statusCode,
    message: rule && 'message' in rule.properties ? rule.properties.message : response.statusMessage,
  };
}

/** `={{$credentials.key}}` or `={{$credentials.key || "fallback"}}`; anything else fails loudly. */
function credentialExpression(template: string, credentials: Record<string, string>): string {
  const match = /^=\{\{\s*\$credentials\.(\w+)\s*(?:\|\|\s*"([^"]*)"\s*)?\}\}$/.exec(template);
  if (!match) {
    if (template.startsWith('=')) throw new Error(`The test harness cannot evaluate ${template}`);
    return template;
  }
  const [, key = '', fallback] = match;
  return credentials[key] || (fallback ?? '');
}

/** As n8n reads a resource locator with `extractValue`: a mode with a regex gives its first group. */
function extractLocatorValue(name: string, locator: { mode: string; value: unknown }): unknown {
  const mode = audioLocator.modes?.find((candidate) => candidate.name === locator.mode);
  const extract = mode?.extractValue;
  if (name !== audioLocator.name || !extract || extract.type !== 'regex') return locator.value;
  const found = new RegExp(extract.regex).exec(String(locator.value));
  if (!found) throw new Error(`ERROR: ${String(locator.value)} is not a valid ${mode.displayName} value`);
  return found[1];
}
