// The rules of a location's player: an urgent send interrupts what plays (which resumes first afterwards),
// others queue by priority, and the queue plays forward by the audio durations.
import type { Db } from '../storage/db.js';
import type { Priority } from '../storage/records.js';

// Queue order of a player: an interrupted item resumes first, then high, normal and low (the docs' table).
const queueRank: Record<Priority | 'resumed', number> = { resumed: 0, urgent: 1, high: 1, normal: 2, low: 3 };

/** Puts every destination of a send into its player's queue; false if it was already delivered. */
export async function deliverSend(db: Db, sendId: string, now: Date): Promise<boolean> {
  const sent = await db.sends.markSent(sendId, now);
  if (!sent) return false;
  for (const delivery of sent.deliveries) await enqueue(db, delivery.id, delivery.userId, sent.priority, now);
  return true;
}

async function enqueue(db: Db, deliveryId: number, userId: number, priority: Priority, now: Date) {
  await advancePlayer(db, userId, now);
  const playing = await db.players.nowPlaying(userId);
  if (!playing || priority === 'urgent') {
    // Urgent interrupts: what was playing goes back to the front of the queue and plays again afterwards.
    if (playing) await db.players.queue(playing.deliveryId, queueRank.resumed);
    await db.players.play(deliveryId, now, queueRank[priority]);
    return;
  }
  await db.players.queue(deliveryId, queueRank[priority]);
}

/** Plays the player's queue forward to `now`, from the audio durations. */
export async function advancePlayer(db: Db, userId: number, now: Date): Promise<void> {
  for (;;) {
    const playing = await db.players.nowPlaying(userId);
    if (!playing?.startedAt) return;
    const endsAt = new Date(playing.startedAt.getTime() + playing.duration * playing.repeat * 1000);
    if (endsAt > now) return;
    await db.players.finish(playing.deliveryId, endsAt);
    const next = await db.players.nextQueued(userId);
    if (next === null) return;
    await db.players.play(next, endsAt);
  }
}

/** A player at `now`: played forward first, then what plays, what is queued and the last `historyLimit` played. */
export async function playerState(db: Db, userId: number, now: Date, historyLimit = 50) {
  await advancePlayer(db, userId, now);
  const nowPlaying = await db.players.nowPlaying(userId);
  const queue = await db.players.queued(userId);
  const history = await db.players.played(userId, historyLimit);
  return { nowPlaying, queue, history };
}
