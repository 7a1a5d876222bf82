import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { iso, queueItemView } from '../../rules/api-objects.js';
import type { SandboxContext } from '../../rules/context.js';
import { playerState } from '../../rules/player-queue.js';
import { deliverDueSends } from '../../rules/send-requests.js';
import type { ApiKeyRecord, Location, PlayerItemRecord } from '../../storage/records.js';

const endOf = (item: PlayerItemRecord) =>
  item.startedAt ? new Date(item.startedAt.getTime() + item.duration * item.repeat * 1000) : null;

export type WallStore = Awaited<ReturnType<typeof readStore>>;

/** One tile of the wall: what the store plays now, what is queued, and what is scheduled for it. */
async function readStore(ctx: SandboxContext, location: Location) {
  const now = ctx.clock();
  const { state, scheduled } = await ctx.db.transaction(async (db) => ({
    state: await playerState(db, location.userId, now, 0),
    scheduled: await db.players.scheduledFor(location.userId),
  }));
  const playing = state.nowPlaying;
  return {
    externalId: location.externalId,
    name: location.name,
    nowPlaying: playing
      ? { ...queueItemView(playing), startedAt: iso(playing.startedAt), endsAt: iso(endOf(playing)) }
      : null,
    queue: state.queue.map(queueItemView),
    scheduled: scheduled.map(queueItemView),
  };
}

const keepAliveMs = 15_000;
// Bursts (a broadcast to 50 stores, a schedule coming due) are sent as one round of updates.
const coalesceMs = 25;

/**
 * The live feed behind the store wall: a snapshot of every store of the key's company, then one event per
 * store that changed (a send arrived or was scheduled, the player moved on to its next item).
 */
export async function streamPlayers(ctx: SandboxContext, key: ApiKeyRecord, reply: FastifyReply) {
  const companyId = key.companyId;
  await deliverDueSends(ctx);
  const locations = await ctx.db.keys.listLocations(companyId);
  const byUserId = new Map(locations.map((location) => [location.userId, location]));
  const endsAt = new Map<number, number>();
  const stream = new PassThrough();
  let open = true;
  let pending = new Set<number>();
  let flushTimer: NodeJS.Timeout | null = null;
  let endTimer: NodeJS.Timeout | null = null;
  let expiryTimer: NodeJS.Timeout | null = null;
  let work: Promise<void> = Promise.resolve();

  const send = (event: string, data: unknown) => {
    if (open) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const load = async (location: Location) => {
    const store = await readStore(ctx, location);
    if (store.nowPlaying?.endsAt) endsAt.set(location.userId, Date.parse(store.nowPlaying.endsAt));
    else endsAt.delete(location.userId);
    return store;
  };

  // Wakes when the soonest playing item ends, to show the player moving on.
  const watchEnds = () => {
    if (endTimer) clearTimeout(endTimer);
    if (!open || endsAt.size === 0) return;
    const soonest = Math.min(...endsAt.values());
    const delay = Math.min(60_000, Math.max(20, soonest - ctx.clock().getTime()));
    endTimer = setTimeout(() => {
      const now = ctx.clock().getTime();
      refresh([...endsAt].filter(([, end]) => end <= now).map(([userId]) => userId));
      watchEnds();
    }, delay);
    endTimer.unref();
  };

  // Updates run one after another, so a store's events arrive in the order its changes happened.
  const refresh = (userIds: number[]) => {
    for (const userId of userIds) if (byUserId.has(userId)) pending.add(userId);
    if (flushTimer || pending.size === 0) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      const batch = pending;
      pending = new Set();
      work = work.then(async () => {
        for (const userId of batch) {
          if (!open) return;
          send('store', { serverTime: ctx.clock().toISOString(), store: await load(byUserId.get(userId)!) });
        }
        watchEnds();
      });
      work.catch((error) => {
        if (open) console.error('[musique-sandbox] store wall feed:', error);
      });
    }, coalesceMs);
  };

  const close = () => {
    if (!open) return;
    open = false;
    unsubscribe();
    clearInterval(keepAlive);
    for (const timer of [flushTimer, endTimer, expiryTimer]) if (timer) clearTimeout(timer);
    stream.end();
  };
  // A revocation ends the stream before DELETE /auth answers, in every process (see PlayerChanges.revoked).
  const unsubscribe = ctx.playerChanges.subscribe(companyId, key.id, refresh, close);
  const keepAlive = setInterval(() => open && stream.write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  reply.raw.on('close', close);
  // An expiring key's stream ends at its expiry, not at the next reconnect.
  const expireAt = (at: number) => {
    // setTimeout holds at most 2^31 - 1 ms (24.8 days): a later expiry re-arms on the way.
    const delay = Math.min(at - ctx.clock().getTime(), 2 ** 31 - 1);
    if (delay <= 0) return close();
    expiryTimer = setTimeout(() => expireAt(at), delay);
    expiryTimer.unref();
  };
  if (key.expiresAt) expireAt(key.expiresAt.getTime());
  // A revocation heard between authentication and subscribing is in the database already: look once more.
  const current = await ctx.db.keys.findByHash(key.keyHash).catch(() => null);
  if (!current || current.revokedAt) close();

  // Subscribed first, so a change during the snapshot is sent after it rather than lost.
  work = (async () => {
    const stores = [];
    for (const location of locations) stores.push(await load(location));
    send('snapshot', { serverTime: ctx.clock().toISOString(), stores });
    watchEnds();
  })();
  try {
    await work;
  } catch (error) {
    close();
    throw error;
  }

  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-accel-buffering', 'no')
    // A stream's connection is never reused; closing it with the stream lets the server stop at once.
    .header('connection', 'close');
  return stream;
}
