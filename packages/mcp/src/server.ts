import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import {
  type Audio,
  formatInZone,
  type MusiqueClient,
  MusiqueError,
  NotFoundError,
  needsConfirmation,
  type Operation,
  operations,
  type PriorityValue,
  parseInput,
  RateLimitError,
  refusePastTime,
  resolveAudioReference,
  resolveStoreReferences,
  type StoreDirectory,
  ValidationError,
} from '@musique/core';
import { Confirmations } from './confirmations.js';
import { type FileRules, LOCAL_FILES, openAudioSource } from './files.js';
import { announcePromo, PROMPTS } from './prompt.js';
import { inputSchema, outputSchema, type SchemaContext } from './schemas.js';

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;
/** find_audio's answer stays short: the best matches first, and hasMore when there are others. */
const FIND_LIMIT = 20;

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

const CONFIRM_WORDING = {
  never: '',
  always: ' Asks the person to confirm first.',
  'several-stores': ' A send to more than one store asks the person to confirm first.',
};

/** A person takes their time to click: the question waits this long, then the token path takes over. */
const ELICITATION_TIMEOUT_MS = 10 * 60_000;

/** list_audio pages: the cursor of the next page out, and in again for it. */
const PAGING = {
  input: { cursor: { type: 'string', description: "The previous page's nextCursor, for the next page." } },
  output: {
    nextCursor: { type: 'string', description: 'Give it as cursor for the next page; absent on the last.' },
  },
};

function toolOf(operation: Operation, context: SchemaContext): Tool {
  const confirmable = operation.confirm !== undefined;
  return {
    name: toolName(operation),
    title: operation.title,
    description: operation.description + CONFIRM_WORDING[operation.confirm ?? 'never'],
    inputSchema: inputSchema(
      operation,
      confirmable ? CONFIRMATION : operation.key === 'listAudio' ? PAGING.input : {},
      context,
    ) as Tool['inputSchema'],
    outputSchema: outputSchema(
      operation,
      confirmable
        ? { extra: PENDING_OUTPUT, required: [] }
        : operation.key === 'listAudio'
          ? { extra: PAGING.output, required: ['data', 'hasMore'] }
          : {},
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
    subject?: string,
  ): Promise<{ idempotencyKey: string } | { answer: CallToolResult }> {
    if (typeof token === 'string') {
      const redeemed = confirmations.redeem(operation.key, plan, token, person);
      return 'refusal' in redeemed ? { answer: failure(redeemed.refusal) } : redeemed;
    }
    const issued = confirmations.issue(operation.key, plan, person, subject);
    const reply = server.getClientCapabilities()?.elicitation
      ? await server
          .elicitInput(
            {
              message: question,
              requestedSchema: {
                type: 'object',
                properties: { confirm: { type: 'boolean', title: 'Go ahead', default: false } },
                required: ['confirm'],
              },
            },
            { relatedRequestId: requestId, timeout: ELICITATION_TIMEOUT_MS },
          )
          .catch(() => undefined) // no answer in time: the token below still lets them confirm
      : undefined;
    if (reply?.action === 'accept' && reply.content?.confirm === true) return issued;
    if (reply)
      return {
        answer: success({
          status: 'cancelled',
          plan,
          message: `Nothing was done: the person did not confirm. ${question}`,
        }),
      };
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
      const { cursor, ...rest } = input;
      const values = parseInput(operations.listAudio, rest);
      const page = await client.audio.list({ ...values, ...(typeof cursor === 'string' ? { cursor } : {}) });
      return success({
        data: page.data,
        hasMore: page.hasMore,
        ...(page.hasMore && page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
    },
    async findAudio(input) {
      const { text, category } = parseInput(operations.findAudio, input) as {
        text: string;
        category?: string;
      };
      const matches = await client.audio.findByName(text, category ? { category } : {});
      return success({ data: matches.slice(0, FIND_LIMIT), hasMore: matches.length > FIND_LIMIT });
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
      if (options.scheduleAt) refusePastTime(new Date(options.scheduleAt), { timeZone });
      const plan = { audioId: audio.audioId, externalIds, ...options };
      let postOptions = {};
      if (needsConfirmation(operations.sendAudio, { stores: externalIds.length })) {
        const where = everyStore
          ? `all ${externalIds.length} stores`
          : `${externalIds.length} stores (${externalIds.slice(0, 10).join(', ')}${externalIds.length > 10 ? ', …' : ''})`;
        const when = options.scheduleAt
          ? ` at ${formatInZone(new Date(options.scheduleAt), timeZone)}`
          : ' now';
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
        message: `"${audio.name}" ${send.scheduled && send.scheduleAt ? `plays at ${formatInZone(new Date(send.scheduleAt), timeZone)}` : 'is playing'} on ${externalIds.length === 1 ? externalIds[0] : `${externalIds.length} stores`}.`,
      });
    },
    async deleteAudio(input, requestId) {
      const { confirmationToken, ...rest } = input;
      const { audio: reference } = parseInput(operations.deleteAudio, rest) as { audio: string };
      // A confirmed delete repeated: the audio is gone, which is what was asked.
      const target =
        typeof confirmationToken === 'string' ? confirmations.subjectOf(confirmationToken) : undefined;
      if (
        target &&
        (await client.audio.get(target).then(
          () => false,
          (error) => error instanceof NotFoundError,
        ))
      ) {
        const redeemed = confirmations.redeem(
          operations.deleteAudio.key,
          { audioId: target },
          String(confirmationToken),
          person,
        );
        if ('refusal' in redeemed) return failure(redeemed.refusal);
        return success({
          audioId: target,
          deleted: true,
          status: 'deleted',
          message: `${target} is already deleted.`,
        });
      }
      const audio = await audioOf(reference);
      if (needsConfirmation(operations.deleteAudio)) {
        const answer = await confirmed(
          operations.deleteAudio,
          { audioId: audio.audioId },
          `Delete "${audio.name}" (${audio.audioId}) for good?`,
          confirmationToken,
          requestId,
          audio.audioId,
        );
        if ('answer' in answer) return answer.answer;
      }
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
      // Without a key (or with a refused one) the fixed resources are still listed.
      ...(await client.audio.list({ limit: 20 }).catch(() => ({ data: [] as Audio[] }))).data.map(
        (audio) => ({
          uri: `musique://audio/${audio.audioId}`,
          name: audio.name,
          mimeType: 'application/json',
          description: `${audio.category ?? 'audio'}, ${Math.round(audio.duration)} s`,
        }),
      ),
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
    if (audioId)
      return json(
        await client.audio.get(decodeURIComponent(audioId)).catch((error) => {
          throw error instanceof NotFoundError
            ? new McpError(RESOURCE_NOT_FOUND, `No audio ${audioId}.`)
            : error;
        }),
      );
    throw new McpError(
      RESOURCE_NOT_FOUND,
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

/** REST paths in a message, as the tools an assistant can call instead. */
const TOOL_FOR_PATH: [RegExp, string][] = [
  [/\bPOST \/audio\/\S+\/send\b/g, 'send_audio'],
  [/\bDELETE \/audio\/\S+/g, 'delete_audio'],
  [/\bGET \/audio\/\{?audioId\}?|\bGET \/audio\/aud_\w+/g, 'get_audio'],
  [/\bPOST \/audio\b/g, 'upload_audio'],
  [/\bGET \/audio\b/g, 'list_audio'],
  [/\bGET \/(?:system\/)?health\b/g, 'health'],
  [/\bGET \/(?:system\/)?limits\b/g, 'limits'],
  [/pass the key Musique gave you as `apiKey`/g, 'set MUSIQUE_API_KEY (or, over HTTP, the X-API-Key header)'],
];

/** A sentence a person can act on: the core's message with tool names, its request id once, never the key. */
export function explain(error: unknown): string {
  if (error instanceof RateLimitError)
    return `Musique's rate limit for this API key is reached; try again in ${error.retryAfter ?? 60} seconds.`;
  if (!(error instanceof Error)) return String(error);
  let message = error.message;
  for (const [path, tool] of TOOL_FOR_PATH) message = message.replace(path, tool);
  if (error instanceof MusiqueError) {
    if (error.requestId && !message.includes(error.requestId)) message += ` (request ${error.requestId})`;
    if (error.type === 'authentication_error')
      message += ' Check MUSIQUE_API_KEY (or, over HTTP, the X-API-Key header).';
  }
  return message;
}
