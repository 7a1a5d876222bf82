/** Wires the tools, resources and prompt to an MCP server; each tool lives in its own file under tools/. */
import { ProtocolError, ProtocolErrorCode, Server, type Tool } from '@modelcontextprotocol/server';
import {
  type Audio,
  type AudioFilterName,
  type MusiqueClient,
  refusalError,
  resolveAudio,
  type StoreDirectory,
} from '@musique/core';
import packageJson from '../package.json' with { type: 'json' };
import { storeStatus, storeStatusTool, withApp } from './app/index.js';
import { type CallLog, type CallRecord, checkArguments, outcomeOf, stderrLog } from './calls.js';
import { askPerson, toolName } from './confirm.js';
import { Confirmations } from './confirmations.js';
import { explain } from './explain.js';
import { type FileRules, LOCAL_FILES } from './files.js';
import { SCOPES } from './oauth.js';
import { announcePromo, completePromptArgument, PROMPTS } from './prompt.js';
import { serveResources } from './resources.js';
import { describeTool } from './schemas.js';
import { failure, type McpTool, TOOLS, type ToolContext } from './tools/index.js';

export { toolName };

/** This package's version, from its package.json (bundled in at build time). */
export const VERSION: string = packageJson.version;

export interface MusiqueServerOptions {
  client: MusiqueClient;
  /** The company's stores, for "42" and "all". */
  directory?: StoreDirectory;
  /** IANA zone for a time without an offset; the machine's by default. */
  timeZone?: string;
  /** Signs and checks confirmation tokens; a random secret of this process by default. */
  confirmations?: Confirmations;
  /** Who is asking (their key, or their sign-in subject): a confirmation token is good for them alone. */
  person?: string;
  /** Where upload files may come from; a path on this machine only over stdio. */
  files?: FileRules;
  /** A signed-in person's OAuth scopes: tools they lack the scope for are neither offered nor run. */
  scopes?: readonly string[];
  /** Only the tools that change nothing (`--read-only`, as github-mcp-server offers). */
  readOnly?: boolean;
  /** Only these tools, by name (`--tools list_audio,send_audio`). */
  only?: readonly string[];
  /**
   * Whether a confirmation may be asked by elicitation (when the client can): only where a session holds the
   * question until the answer comes, as stdio does; stateless HTTP asks with a token. True by default.
   */
  elicitation?: boolean;
  /**
   * The filters the API was seen to ignore (the client's `onIgnoredFilter` fills it; `musiqueServerFor` wires
   * it), so find_audio can say its matches were filtered here.
   */
  ignoredFilters?: ReadonlySet<AudioFilterName>;
  /** How long a confirmation question waits for the person; ten minutes by default. */
  elicitationTimeoutMs?: number;
  /** The send plan's company context: store groups (MUSIQUE_STORE_GROUPS), store format, recent sends. */
  plans?: ToolContext['plans'];
  /** Where the line per tool call goes; JSON on stderr by default. */
  log?: CallLog;
  /** The HTTP request's id, for the log line (the JSON-RPC id otherwise). */
  requestId?: string;
}

/** The server's icon: a speaker, inline so no host is contacted to show it. */
const ICON = {
  src: `data:image/svg+xml;base64,${Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M4 9h4l5-4v14l-5-4H4z" fill="#1f6feb"/><path d="M16 8a5 5 0 0 1 0 8" stroke="#1f6feb" stroke-width="2" fill="none"/></svg>',
  ).toString('base64')}`,
  mimeType: 'image/svg+xml',
  sizes: ['any'],
};

/** The scope a tool needs: musique:read to look, musique:send to upload, send or delete. */
const scopeFor = (tool: McpTool) => (tool.operation.effect === 'read' ? SCOPES.read : SCOPES.send);

export function createMusiqueServer(options: MusiqueServerOptions): Server {
  const { client, directory } = options;
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const confirmations = options.confirmations ?? new Confirmations();
  const files = options.files ?? LOCAL_FILES;
  const person = options.person ?? 'local';
  const log = options.log ?? stderrLog;
  const server = new Server(
    { name: 'musique', title: 'Musique in-store audio', version: VERSION, icons: [ICON] },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {}, completions: {} },
      instructions:
        'Musique plays audio on store players. Find or upload the audio, then send it to stores ("42", "store_042" or "all"). Sends to several stores and deletions ask the person first.',
    },
  );
  const offered = (tool: McpTool) =>
    (!options.readOnly || tool.operation.effect === 'read') &&
    (!options.only || options.only.includes(toolName(tool.operation)));
  const allowed = (tool: McpTool) =>
    offered(tool) && (!options.scopes || options.scopes.includes(scopeFor(tool)));
  // store_status reads, so it goes wherever reading goes (any scope a sign-in has includes musique:read).
  const storeStatusOffered =
    (!options.only || options.only.includes(storeStatusTool.name)) &&
    (!options.scopes || options.scopes.includes(SCOPES.read));
  const tools: Tool[] = [
    ...TOOLS.filter(allowed).map((tool) => describeTool(tool, { timeZone, paths: files.paths })),
    ...(storeStatusOffered ? [storeStatusTool] : []),
  ].map(withApp);

  // The core's rule for which audio a name means; its refusal (none, or several with their IDs) in its words.
  const audioOf = async (reference: string): Promise<Audio> => {
    const resolved = await resolveAudio(client, reference);
    if (resolved.ok) return resolved.audio;
    throw refusalError(resolved.refusal);
  };

  server.setRequestHandler('tools/list', async () => ({ tools }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    // The MCP App's store_status is no catalog operation: it runs here, checked and logged like the others.
    const appTool = request.params.name === storeStatusTool.name && storeStatusOffered;
    const tool = TOOLS.find((candidate) => toolName(candidate.operation) === request.params.name);
    if (!tool && !appTool)
      return failure(
        `There is no tool ${request.params.name}; the tools are ${tools.map(({ name }) => name).join(', ')}.`,
      );
    if (tool && !offered(tool))
      return failure(
        `${request.params.name} is not offered by this server (read-only, or not among its tools).`,
      );
    if (tool && !allowed(tool))
      return failure(
        `${request.params.name} needs the ${scopeFor(tool)} scope, which your sign-in does not grant; ask your administrator for it.`,
      );
    const context: ToolContext = {
      client,
      directory,
      timeZone,
      files,
      plans: options.plans ?? {},
      confirmations,
      person,
      ignoredFilters: options.ignoredFilters ?? new Set(),
      confirm: askPerson(server, ctx, confirmations, person, {
        elicitation: options.elicitation ?? true,
        ...(options.elicitationTimeoutMs ? { timeoutMs: options.elicitationTimeoutMs } : {}),
      }),
      progress: (progress, total, message) => {
        const progressToken = request.params._meta?.progressToken;
        if (progressToken === undefined) return;
        void ctx.mcpReq
          .notify({
            method: 'notifications/progress',
            params: { progressToken, progress, ...(total ? { total } : {}), ...(message ? { message } : {}) },
          })
          .catch(() => undefined); // a client gone mid-upload: the upload still finishes
      },
      audioOf,
    };
    const started = performance.now();
    const record = (outcome: CallRecord['outcome']) =>
      log({
        event: 'tool_call',
        who: person,
        tool: request.params.name,
        outcome,
        requestId: options.requestId ?? ctx.mcpReq.id,
        durationMs: Math.round(performance.now() - started),
      });
    const args = request.params.arguments ?? {};
    const described = tools.find(({ name }) => name === request.params.name);
    if (described)
      await checkArguments(described, args).catch((error) => {
        record('invalid_arguments');
        throw error;
      });
    try {
      const answer = tool ? await tool.run(args, context) : await storeStatus(args, client, directory);
      record(outcomeOf(answer));
      return answer;
    } catch (error) {
      record('error');
      return failure(explain(error));
    }
  });

  // Every surface is scoped like the tools: looking needs musique:read, the prompt (which sends) musique:send.
  const mayRead = !options.scopes || options.scopes.includes(SCOPES.read);
  const maySend = !options.readOnly && (!options.scopes || options.scopes.includes(SCOPES.send));
  const refuse = (scope: string) => {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidRequest,
      `This needs the ${scope} scope, which your sign-in does not grant; ask your administrator for it.`,
    );
  };
  serveResources(server, client, directory, () => mayRead || refuse(SCOPES.read));
  server.setRequestHandler('prompts/list', async () => ({ prompts: maySend ? PROMPTS : [] }));
  server.setRequestHandler('completion/complete', async (request) => {
    if (!maySend) refuse(SCOPES.send); // the prompt's arguments are all there is to complete
    return { completion: await completePromptArgument(request.params.argument, client, directory) };
  });
  server.setRequestHandler('prompts/get', async (request) => {
    if (!maySend) refuse(SCOPES.send);
    if (request.params.name !== 'announce-promo')
      throw new Error(`No prompt ${request.params.name}; try announce-promo.`);
    return announcePromo(request.params.arguments ?? {});
  });
  return server;
}
