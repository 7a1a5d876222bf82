/**
 * The connector as Power Platform's runtime reads it, for tests: an action's inputs become the request its
 * Swagger declares (path, query, header and body parameters, the API key header, the connection's base URL from
 * the dynamichosturl policy), custom code runs where the definition has it (script-mirror.ts), dynamic values
 * call the operation they name, and the pollingtrigger policy turns one request per poll into fired items and
 * the next poll's state. Nothing here knows Musique: it reads only the two definition files.
 */
import { executeScript, type ScriptRequest } from './script-mirror.js';

type Json = Record<string, unknown>;

export interface Connection {
  /** Connection parameters by name, as a person fills them in: api_key, baseUrl. */
  [name: string]: string;
}

/** What a flow run tells the connector (Logic Apps sends these as x-ms-workflow-* headers). */
export interface RunContext {
  runId: string;
  actionName: string;
  repeatIndex?: number;
}

/** A failed action as the flow author sees it: the status, and the API's sentence and request ID. */
export class ActionFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId: string | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "@triggerBody().a.b" or a text with "@{triggerBody().a}" parts, read against a trigger's body. */
export function evaluate(expression: string, body: unknown): unknown {
  const read = (path: string) =>
    path
      .split('.')
      .filter(Boolean)
      .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), body);
  const whole = /^@triggerBody\(\)((?:\.\w+)*)$/.exec(expression);
  if (whole) return read(whole[1] ?? '');
  return expression.replace(/@\{triggerBody\(\)((?:\.\w+)*)\}/g, (_, path: string) =>
    String(read(path) ?? ''),
  );
}

export class ConnectorRuntime {
  /** HTTP requests that reached the API (or the sandbox), for "one request per poll". */
  requests = 0;
  /** Each of them as "GET /audio": what the connector asks of the API. */
  readonly asked: string[] = [];
  private readonly operations = new Map<string, { method: string; path: string; operation: Json }>();

  constructor(
    private readonly definition: Json,
    private readonly properties: Json,
    private readonly connection: Connection,
    private readonly options: { script?: boolean } = {},
  ) {
    for (const [path, item] of Object.entries(definition.paths as Record<string, Json>))
      for (const [method, operation] of Object.entries(item))
        if (isObject(operation) && operation.operationId)
          this.operations.set(String(operation.operationId), { method, path, operation });
  }

  private policies(templateId: string): Json[] {
    const inner = (this.properties.properties as Json).policyTemplateInstances as Json[];
    return inner.filter((policy) => String(policy.templateId).toLowerCase() === templateId);
  }

  /** The dynamichosturl policy's template with the connection's values, else the definition's host. */
  private baseUrl(): string {
    const [hostPolicy] = this.policies('dynamichosturl');
    const template = (hostPolicy?.parameters as Json | undefined)?.['x-ms-apimTemplateParameter.urlTemplate'];
    if (typeof template !== 'string')
      return `https://${this.definition.host}${this.definition.basePath ?? ''}`;
    return template.replace(/@connectionParameters\('([^']+)'\)/gi, (_, name: string) => {
      const value = this.connection[name];
      if (value === undefined) throw new Error(`The connection has no ${name}.`);
      return value;
    });
  }

  /** The request an action's inputs make, as declared; an input the action does not declare is refused. */
  buildRequest(operationId: string, inputs: Json, run?: RunContext): ScriptRequest {
    const found = this.operations.get(operationId);
    if (!found) throw new Error(`The connector has no operation ${operationId}.`);
    const parameters = (found.operation.parameters as Json[] | undefined) ?? [];
    const declared = parameters.map((parameter) => String(parameter.name));
    const unknown = Object.keys(inputs).filter((name) => !declared.includes(name));
    if (unknown.length) throw new Error(`${operationId} has no parameter ${unknown.join(', ')}.`);
    let path = found.path;
    const headers = new Headers();
    const query = new URLSearchParams();
    let body: string | undefined;
    for (const parameter of parameters) {
      const name = String(parameter.name);
      const value = inputs[name];
      if (value === undefined || value === '') {
        if (parameter.required)
          throw new Error(`${operationId} needs ${String(parameter['x-ms-summary'] ?? name)}.`);
        continue;
      }
      checkValue(operationId, parameter, value);
      if (parameter.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
      else if (parameter.in === 'query') query.set(name, String(value));
      else if (parameter.in === 'header') headers.set(name, String(value));
      else if (parameter.in === 'body') {
        body = JSON.stringify(value);
        headers.set('content-type', 'application/json');
      }
    }
    for (const scheme of Object.values(this.definition.securityDefinitions as Record<string, Json>))
      if (scheme.type === 'apiKey') headers.set(String(scheme.name), this.connection.api_key ?? '');
    if (run) {
      headers.set('x-ms-workflow-run-id', run.runId);
      headers.set('x-ms-workflow-operation-name', run.actionName);
      if (run.repeatIndex !== undefined)
        headers.set('x-ms-workflow-repeatitem-index', String(run.repeatIndex));
    }
    const url = new URL(this.baseUrl() + path);
    url.search = query.toString();
    return { method: found.method.toUpperCase(), url, headers, ...(body === undefined ? {} : { body }) };
  }

  private async send(request: ScriptRequest): Promise<Response> {
    this.requests += 1;
    this.asked.push(
      `${request.method} ${request.url.pathname.slice(new URL(this.baseUrl()).pathname.length)}`,
    );
    return fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
    });
  }

  /** The raw response of an action, custom code included. */
  async call(operationId: string, inputs: Json = {}, run?: RunContext): Promise<Response> {
    const request = this.buildRequest(operationId, inputs, run);
    if (!this.options.script) return this.send(request);
    return executeScript({ operationId, request, send: (prepared) => this.send(prepared) });
  }

  /** An action in a flow: its output body, or ActionFailed with the API's sentence and request ID. */
  async run(operationId: string, inputs: Json = {}, run?: RunContext): Promise<Json> {
    const response = await this.call(operationId, inputs, run);
    const body = (await response.json().catch(() => ({}))) as Json;
    if (response.ok) return body;
    const error = isObject(body.error) ? body.error : {};
    throw new ActionFailed(
      response.status,
      String(error.message ?? `${operationId} failed with HTTP ${response.status}.`),
      (error.requestId as string | undefined) ?? response.headers.get('x-request-id') ?? undefined,
      error.code as string | undefined,
    );
  }

  /** The choices the designer shows for a parameter with x-ms-dynamic-values: {value, title}. */
  async dynamicValues(
    operationId: string,
    parameterName: string,
  ): Promise<{ value: string; title: string }[]> {
    const parameters = (this.operations.get(operationId)?.operation.parameters as Json[] | undefined) ?? [];
    const spec = parameters.find((parameter) => parameter.name === parameterName)?.['x-ms-dynamic-values'];
    if (!isObject(spec)) throw new Error(`${operationId}.${parameterName} has no dynamic values.`);
    // A literal as it is; {parameter: name} reads another parameter of the action, which these lists never need.
    const inputs: Json = {};
    for (const [name, given] of Object.entries((spec.parameters as Json | undefined) ?? {})) {
      if (isObject(given)) throw new Error(`${operationId}.${parameterName} reads ${name} from the action.`);
      inputs[name] = given;
    }
    const body = await this.run(String(spec.operationId), inputs);
    const collection = spec['value-collection']
      ? evaluate(`@triggerBody().${String(spec['value-collection'])}`, body)
      : body;
    return (collection as Json[]).map((item) => ({
      value: String(item[String(spec['value-path'])]),
      title: String(item[String(spec['value-title'])]),
    }));
  }

  /**
   * One poll of a polling trigger under the pollingtrigger policy: the state is the query the policy adds (from
   * the last answer's body, through triggerConfig); items at triggerDataPath fire runs (200), none is a 202.
   */
  async poll(operationId: string, state: Record<string, string> = {}) {
    const policy = this.policies('pollingtrigger').find((candidate) =>
      ((candidate.parameters as Json)['x-ms-apimTemplate-operationName'] as string[]).includes(operationId),
    );
    if (!policy) throw new Error(`No pollingtrigger policy covers ${operationId}.`);
    const parameters = policy.parameters as Json;
    const body = await this.run(operationId, state);
    const items = evaluate(String(parameters['x-ms-apimTemplateParameter.triggerDataPath']), body) as Json[];
    const config = parameters['x-ms-apimTemplateParameter.triggerConfig'] as Record<string, string>;
    const next = Object.fromEntries(
      Object.entries(config).map(([name, expression]) => [name, String(evaluate(expression, body))]),
    );
    return { status: items.length > 0 ? 200 : 202, items, state: next };
  }
}

/** The designer's own checks on a value: an enum, a number's range, a required body property. */
function checkValue(operationId: string, parameter: Json, value: unknown) {
  const where = `${operationId} ${String(parameter['x-ms-summary'] ?? parameter.name)}`;
  if (Array.isArray(parameter.enum) && !parameter.enum.includes(value))
    throw new Error(`${where}: not one of the choices.`);
  if (parameter.in !== 'body' || !isObject(parameter.schema) || !isObject(value)) return;
  for (const name of (parameter.schema.required as string[] | undefined) ?? [])
    if (value[name] === undefined) throw new Error(`${where}: ${name} is required.`);
  const known = Object.keys((parameter.schema.properties as Json | undefined) ?? {});
  const extra = Object.keys(value).filter((name) => !known.includes(name));
  if (extra.length) throw new Error(`${where}: the body has no ${extra.join(', ')}.`);
}
