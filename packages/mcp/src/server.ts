import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import {
  type Audio,
  type MusiqueClient,
  MusiqueError,
  type Operation,
  operations,
  type PriorityValue,
  parseInput,
  RateLimitError,
  resolveAudioReference,
  resolveStoreReferences,
  type StoreDirectory,
  ValidationError,
} from '@musique/core';
import { Confirmations } from './confirmations.js';
import { type FileRules, LOCAL_FILES, openAudioSource } from './files.js';
import { announcePromo, PROMPTS } from './prompt.js';
import { inputSchema, outputSchema, type SchemaContext } from './schemas.js';

export interface MusiqueServerOptions {
  client: MusiqueClient;
  /** The company's stores, for "42" and "all". */
  directory?: StoreDirectory;
  /** IANA zone for a time without an offset; the machine's by default. */
  timeZone?: string;
  /** Shared by the sessions of one process, so a token outlives the connection that got it. */
  confirmations?: Confirmations;
  /** Who is asking (their key, or their sign-in subject): a confirmation token is good for them alone. */
  person?: string;
  /** Where upload files may come from; a path on this machine only over stdio. */
  files?: FileRules;
}

/** The MCP tool name of an operation: listAudio -> list_audio. */
export const toolName = (operation: Operation) =>
  operation.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const CONFIRMATION = {
  confirmationToken: {
    type: 'string',
    description:
      "Only when a previous call answered needs_confirmation and the person agreed: that answer's token, with the same arguments.",
  },
};
const PENDING_OUTPUT = {
  status: {
    type: 'string',
    description:
      'sent, scheduled, queued or failed once done; needs_confirmation or cancelled when nothing was done.',
  },
  confirmationToken: {
    type: 'string',
    description: 'Echo it in a second call, with the same arguments, once the person agrees.',
  },
  plan: { type: 'object', description: 'What the call would do.' },
  message: { type: 'string', description: 'What happened, in a sentence.' },
};

function toolOf(operation: Operation, context: SchemaContext): Tool {
  const confirmable = operation.confirm !== undefined;
  return {
    name: toolName(operation),
    title: operation.title,
    description: operation.description + (confirmable ? ' Asks the person to confirm first.' : ''),
    inputSchema: inputSchema(operation, confirmable ? CONFIRMATION : {}, context) as Tool['inputSchema'],
    outputSchema: outputSchema(
      operation,
      confirmable ? { extra: PENDING_OUTPUT, required: [] } : {},
    ) as Tool['outputSchema'],
    annotations: {
      title: operation.title,
      readOnlyHint: operation.effect === 'read',
      destructiveHint: operation.effect === 'destructive',
      idempotentHint: operation.idempotent,
      openWorldHint: true,
    },
  };
}

export function createMusiqueServer(options: MusiqueServerOptions): Server {
  const { client, directory } = options;
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const confirmations = options.confirmations ?? new Confirmations();
  const files = options.files ?? LOCAL_FILES;
  const person = options.person ?? 'local';
  const server = new Server(
    { name: 'musique', title: 'Musique in-store audio', version: '0.1.0' },
    {
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions:
        'Musique plays audio on store players. Find or upload the audio, then send it to stores ("42", "store_042" or "all"). Sends to several stores and deletions ask the person first.',
    },
  );
  const tools = Object.values(operations).map((operation) =>
    toolOf(operation, { timeZone, paths: files.paths }),
  );

  /** Asks the person, by elicitation when the client can, else with a token for a second call. */
  async function confirmed(
    operation: Operation,
    plan: Record<string, unknown>,
    question: string,
    token: unknown,
    requestId: string | number,
  ): Promise<{ idempotencyKey: string } | { answer: CallToolResult }> {
    if (typeof token === 'string') {
      const redeemed = confirmations.redeem(operation.key, plan, token, person);
      return 'refusal' in redeemed ? { answer: failure(redeemed.refusal) } : redeemed;
    }
    const issued = confirmations.issue(operation.key, plan, person);
    if (server.getClientCapabilities()?.elicitation) {
      const reply = await server.elicitInput(
        {
          message: question,
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean', title: 'Go ahead', default: false } },
            required: ['confirm'],
          },
        },
        { relatedRequestId: requestId },
      );
      if (reply.action === 'accept' && reply.content?.confirm === true) return issued;
      return {
        answer: success({
          status: 'cancelled',
          plan,
          message: `Nothing was done: the person did not confirm. ${question}`,
        }),
      };
    }
    return {
      answer: success({
        status: 'needs_confirmation',
        confirmationToken: issued.token,
        plan,
        message: `${question} Ask the person; if they agree, call ${toolName(operation)} again with the same arguments and confirmationToken "${issued.token}".`,
      }),
    };
  }

  async function audioOf(reference: string): Promise<Audio> {
    const { audio, candidates } = await resolveAudioReference(client, reference);
    if (audio) return audio;
    throw new ValidationError({
      code: 'not_found',
      param: 'audio',
      type: 'validation_error',
      message:
        candidates.length === 0
          ? `No audio is named like "${reference}"; list or find audio to see the names, or upload it first.`
          : `"${reference}" matches ${candidates.length} audio files: ${candidates
              .slice(0, 5)
              .map((candidate) => `${candidate.name} (${candidate.audioId})`)
              .join(', ')}. Say which, by its ID.`,
    });
  }

  const run: Record<
    string,
    (input: Record<string, unknown>, requestId: string | number) => Promise<CallToolResult>
  > = {
    async listAudio(input) {
      const values = parseInput(operations.listAudio, input);
      const page = await client.audio.list(values);
      return success({ data: page.data, hasMore: page.hasMore });
    },
    async findAudio(input) {
      const { text, category } = parseInput(operations.findAudio, input) as {
        text: string;
        category?: string;
      };
      const matches = await client.audio.findByName(text, category ? { category } : {});
      return success({ data: matches, hasMore: false });
    },
    async getAudio(input) {
      const { audio } = parseInput(operations.getAudio, input) as { audio: string };
      return success(await audioOf(audio));
    },
    async uploadAudio(input) {
      const { file, ...details } = parseInput(operations.uploadAudio, input) as {
        file: string;
        name?: string;
      };
      const uploaded = await client.audio.upload({ file: await openAudioSource(file, files), ...details });
      return success(uploaded);
    },
    async sendAudio(input, requestId) {
      const { confirmationToken, ...rest } = input;
      const values = parseInput(operations.sendAudio, rest, { timeZone }) as {
        audio: string;
        stores: string[];
        scheduleAt?: string;
        priority?: PriorityValue;
        repeat?: number;
        volume?: number;
      };
      const { audio: reference, stores, ...options } = values;
      const audio = await audioOf(reference);
      const { externalIds, everyStore } = await resolveStoreReferences(stores, directory);
      const plan = { audioId: audio.audioId, externalIds, ...options };
      let postOptions = {};
      if (externalIds.length > 1) {
        const where = everyStore
          ? `all ${externalIds.length} stores`
          : `${externalIds.length} stores (${externalIds.slice(0, 10).join(', ')}${externalIds.length > 10 ? ', …' : ''})`;
        const when = options.scheduleAt ? ` at ${options.scheduleAt}` : ' now';
        const answer = await confirmed(
          operations.sendAudio,
          plan,
          `Play "${audio.name}" on ${where}${when}?`,
          confirmationToken,
          requestId,
        );
        if ('answer' in answer) return answer.answer;
        postOptions = answer;
      } else if (confirmationToken !== undefined) {
        return failure('A send to one store needs no confirmation token; call again without it.');
      }
      const send = await client.audio.send(audio.audioId, { externalIds, ...options }, postOptions);
      return success({
        ...send,
        message: `"${audio.name}" ${send.scheduled ? `plays at ${send.scheduleAt}` : 'is playing'} on ${externalIds.length === 1 ? externalIds[0] : `${externalIds.length} stores`}.`,
      });
    },
    async deleteAudio(input, requestId) {
      const { confirmationToken, ...rest } = input;
      const { audio: reference } = parseInput(operations.deleteAudio, rest) as { audio: string };
      const audio = await audioOf(reference);
      const answer = await confirmed(
        operations.deleteAudio,
        { audioId: audio.audioId },
        `Delete "${audio.name}" (${audio.audioId}) for good?`,
        confirmationToken,
        requestId,
      );
      if ('answer' in answer) return answer.answer;
      return success({ ...(await client.audio.delete(audio.audioId)), status: 'deleted' });
    },
    async health(input) {
      parseInput(operations.health, input);
      return success(await client.system.health());
    },
    async limits(input) {
      parseInput(operations.limits, input);
      return success(await client.system.limits());
    },
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const operation = Object.values(operations).find(
      (candidate) => toolName(candidate) === request.params.name,
    );
    const perform = operation && run[operation.key];
    if (!perform)
      return failure(
        `There is no tool ${request.params.name}; the tools are ${tools.map((tool) => tool.name).join(', ')}.`,
      );
    try {
      return await perform(request.params.arguments ?? {}, extra.requestId);
    } catch (error) {
      return failure(explain(error));
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      {
        uri: 'musique://stores',
        name: 'stores',
        title: 'Your stores',
        mimeType: 'application/json',
        description: 'The external IDs of the stores that can be sent audio.',
      },
      {
        uri: 'musique://rate-limit',
        name: 'rate-limit',
        title: 'Rate limits',
        mimeType: 'application/json',
        description: 'Requests allowed, used and left for this API key.',
      },
      ...(await client.audio.list({ limit: 20 })).data.map((audio) => ({
        uri: `musique://audio/${audio.audioId}`,
        name: audio.name,
        mimeType: 'application/json',
        description: `${audio.category ?? 'audio'}, ${Math.round(audio.duration)} s`,
      })),
    ],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'musique://audio/{audioId}',
        name: 'audio',
        title: 'An audio file',
        mimeType: 'application/json',
        description: 'One audio file with its play statistics.',
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const json = (value: unknown) => ({
      contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
    });
    if (uri === 'musique://stores') return json({ stores: (await directory?.list()) ?? null });
    if (uri === 'musique://rate-limit')
      return json({ lastSeen: client.rateLimit ?? null, ...(await client.system.limits()) });
    const audioId = /^musique:\/\/audio\/([^/]+)$/.exec(uri)?.[1];
    if (audioId) return json(await client.audio.get(decodeURIComponent(audioId)));
    throw new Error(
      `No resource ${uri}: read musique://audio/{audioId}, musique://stores or musique://rate-limit.`,
    );
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: PROMPTS }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    if (request.params.name !== 'announce-promo')
      throw new Error(`No prompt ${request.params.name}; try announce-promo.`);
    return announcePromo(request.params.arguments ?? {});
  });
  return server;
}

const success = (result: object): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(result, null, 2) }],
  structuredContent: result as Record<string, unknown>,
});

const failure = (sentence: string): CallToolResult => ({
  content: [{ type: 'text', text: sentence }],
  isError: true,
});

/** A sentence a person can act on; the request id for support; never the key. */
function explain(error: unknown): string {
  if (error instanceof RateLimitError)
    return `Musique's rate limit for this API key is reached; try again in ${error.retryAfter ?? 60} seconds.`;
  if (error instanceof MusiqueError) {
    const support = error.requestId ? ` (request ${error.requestId})` : '';
    if (error.type === 'authentication_error')
      return `Musique refused the API key: ${error.message} Check MUSIQUE_API_KEY (or the X-API-Key header)${support}.`;
    return `${error.message}${support}`;
  }
  return error instanceof Error ? error.message : String(error);
}
