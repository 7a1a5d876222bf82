import { notFound } from './api-error.js';
import { playerItemView } from './api-objects.js';
import type { SandboxContext } from './context.js';
import { playerState } from './player-queue.js';
import { deliverDueSends } from './send-requests.js';

export type PlayerState = Awaited<ReturnType<typeof readPlayer>>;

/** A store's simulated player now: due sends are delivered and the queue played forward from durations first. */
export async function readPlayer(ctx: SandboxContext, companyId: number, externalId: string) {
  const [location] = await ctx.db.keys.findLocations(companyId, [externalId]);
  if (!location) {
    throw notFound(`${externalId} is not a location of this company. List them with GET /sandbox/locations.`);
  }
  await deliverDueSends(ctx);
  const state = await ctx.db.transaction((db) => playerState(db, location.userId, ctx.clock()));
  return {
    externalId: location.externalId,
    userId: location.userId,
    nowPlaying: state.nowPlaying ? playerItemView(state.nowPlaying) : null,
    queue: state.queue.map(playerItemView),
    history: state.history.map(playerItemView),
  };
}
