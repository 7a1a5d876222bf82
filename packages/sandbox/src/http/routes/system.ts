import { invalidFormat } from '../../rules/api-error.js';
import { currentWindows, windowStates } from '../../rules/rate-windows.js';
import { permissions } from '../../storage/records.js';
import { decodeCursor, encodeCursor } from '../cursors.js';
import { authenticatedKey, type Handler } from '../request.js';

const getApiInfo: Handler = async (ctx, request) => {
  const key = authenticatedKey(request);
  const base = `${ctx.origin()}${ctx.contract.basePath}`;
  return {
    name: 'Musique Partner API',
    version: ctx.version,
    docsUrl: 'https://docs.musique.app/api-reference',
    integration: {
      externalId: key.externalId,
      userId: key.userId,
      permissions: permissions.filter((permission) => key.permissions.includes(permission)),
      accountType: 'partner',
      createdAt: key.createdAt.toISOString(),
    },
    features: ['scheduling', 'broadcast', 'webhooks', 'sandbox'],
    endpoints: {
      audio: `${base}/audio`,
      health: `${base}/health`,
      auth: `${base}/auth`,
      logs: `${base}/logs`,
      limits: `${base}/limits`,
      webhooks: `${base}/webhooks`,
      locations: `${base}/sandbox/locations`,
    },
  };
};

/** Real checks: a query against the database, a write to the data directory, the delivery loop's heartbeat. */
const getHealth: Handler = async (ctx, _request, reply) => {
  const database = await ctx.db.ping().catch(() => false);
  const storage = await ctx.files.writable();
  const messaging = ctx.deliveriesAlive();
  const status = !database ? 'down' : storage && messaging ? 'healthy' : 'degraded';
  reply.code(status === 'down' ? 503 : 200);
  const state = (ok: boolean) => (ok ? 'healthy' : 'down');
  return {
    status,
    version: ctx.version,
    timestamp: ctx.clock().toISOString(),
    services: { database: state(database), storage: state(storage), messaging: state(messaging) },
  };
};

const listUsageLogs: Handler = async (ctx, request) => {
  const query = request.query as {
    method?: string;
    status?: number;
    path?: string;
    from?: string;
    to?: string;
    limit: number;
    cursor?: string;
  };
  const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (beforeId === null) {
    throw invalidFormat(
      'cursor',
      'cursor is not one this API issued. Pass the nextCursor of the previous page.',
    );
  }
  const rows = await ctx.db.usageLogs.list(authenticatedKey(request).companyId, {
    limit: query.limit + 1,
    beforeId,
    method: query.method,
    status: query.status,
    path: query.path,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  });
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  return {
    data: page.map((log) => ({
      requestId: log.requestId,
      method: log.method,
      path: log.path,
      status: log.status,
      durationMs: log.durationMs,
      timestamp: log.createdAt.toISOString(),
    })),
    hasMore,
    nextCursor: hasMore ? encodeCursor(page[page.length - 1]!.id) : null,
  };
};

/** The same counters the X-RateLimit headers come from, this request included. */
const getRateLimits: Handler = async (ctx, request) => {
  const windows = currentWindows(ctx.clock(), ctx.rateLimits, ctx.rateWindows);
  const states = windowStates(
    windows,
    await ctx.db.rateCounts.usage(authenticatedKey(request).id, windows),
    ctx.rateWindows,
  );
  const pick = <T>(value: (state: (typeof states)[number]) => T) =>
    Object.fromEntries(states.map((state) => [state.key, value(state)])) as Record<
      'perMinute' | 'perHour' | 'perDay',
      T
    >;
  return {
    limits: pick((state) => state.limit),
    usage: pick((state) => state.used),
    remaining: pick((state) => state.remaining),
    resetAt: pick((state) => state.resetAt.toISOString()),
  };
};

export const systemHandlers: Record<string, Handler> = {
  getApiInfo,
  getHealth,
  listUsageLogs,
  getRateLimits,
};
