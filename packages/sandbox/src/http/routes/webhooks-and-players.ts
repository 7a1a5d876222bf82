import { ApiError, notFound } from '../../rules/api-error.js';
import { fingerprintOf } from '../../rules/idempotent-requests.js';
import { readPlayer } from '../../rules/player-state.js';
import { newId, randomHex } from '../../storage/ids.js';
import { answerIdempotently, authenticatedKey, type Handler } from '../request.js';
import { streamPlayers } from '../wall/feed.js';

const webhookView = (webhook: { id: string; url: string; events: string[]; createdAt: Date }) => ({
  webhookId: webhook.id,
  url: webhook.url,
  events: webhook.events,
  createdAt: webhook.createdAt.toISOString(),
});

const createWebhook: Handler = async (ctx, request, reply) => {
  const body = request.body as { url: string; events: string[] };
  const companyId = authenticatedKey(request).companyId;
  if (!/^https?:\/\//i.test(body.url)) {
    throw new ApiError('invalid_format', 'url must be an http or https URL that accepts POSTs.', {
      param: 'url',
    });
  }
  return answerIdempotently(
    ctx,
    request,
    reply,
    `company:${companyId}`,
    fingerprintOf('webhook', body),
    async () => {
      const events = [...body.events].sort();
      const existing = await ctx.db.webhooks.list(companyId);
      if (existing.some((w) => w.url === body.url && [...w.events].sort().join() === events.join())) {
        throw new ApiError('already_exists', `${body.url} is already subscribed to these events.`, {
          param: 'url',
        });
      }
      const webhook = {
        id: newId('whk'),
        url: body.url,
        events: body.events,
        secret: `whsec_${randomHex(24)}`,
        createdAt: ctx.clock(),
      };
      await ctx.db.webhooks.insert(companyId, webhook);
      return { status: 201, body: { ...webhookView(webhook), secret: webhook.secret } };
    },
  );
};

const listWebhooks: Handler = async (ctx, request) => ({
  data: (await ctx.db.webhooks.list(authenticatedKey(request).companyId)).map(webhookView),
});

const deleteWebhook: Handler = async (ctx, request) => {
  const { webhookId } = request.params as { webhookId: string };
  if (!(await ctx.db.webhooks.delete(authenticatedKey(request).companyId, webhookId, ctx.clock()))) {
    throw notFound(`No webhook ${webhookId} exists for this company. List them with GET /webhooks.`);
  }
  return { deleted: true, webhookId };
};

const listLocations: Handler = async (ctx, request) => ({
  data: await ctx.db.keys.listLocations(authenticatedKey(request).companyId),
});

const getPlayer: Handler = async (ctx, request) => {
  const { externalId } = request.params as { externalId: string };
  return readPlayer(ctx, authenticatedKey(request).companyId, externalId);
};

const streamPlayersHandler: Handler = (ctx, request, reply) =>
  streamPlayers(ctx, authenticatedKey(request), reply);

export const webhookAndPlayerHandlers: Record<string, Handler> = {
  createWebhook,
  listWebhooks,
  deleteWebhook,
  listLocations,
  getPlayer,
  streamPlayers: streamPlayersHandler,
};
