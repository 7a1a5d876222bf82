import { newId } from '../storage/ids.js';
import type { Priority } from '../storage/records.js';
import { ApiError, notFound } from './api-error.js';
import { sendView } from './api-objects.js';
import type { SandboxContext } from './context.js';
import { deliverSend } from './player-queue.js';

export interface SendRequest {
  externalIds: string[];
  scheduleAt?: string;
  priority?: Priority;
  repeat?: number;
  volume?: number;
}

/** One transaction: either every destination gets the send, or (one unknown store) nobody does. */
export async function sendAudio(
  ctx: SandboxContext,
  companyId: number,
  audioId: string,
  request: SendRequest,
) {
  const now = ctx.clock();
  const view = await ctx.db.transaction(async (db) => {
    const audio = await db.audio.get(companyId, audioId);
    if (!audio)
      throw notFound(`No audio file ${audioId} exists for this company. Check the id with GET /audio.`);
    const locations = await db.keys.findLocations(companyId, request.externalIds);
    const byExternalId = new Map(locations.map((location) => [location.externalId, location]));
    const unknown = request.externalIds.filter((externalId) => !byExternalId.has(externalId));
    if (unknown.length > 0) {
      throw new ApiError(
        'not_found',
        `${unknown.length === 1 ? 'This external ID is not a location' : 'These external IDs are not locations'} of this company: ${unknown.join(', ')}. Nobody received the audio; fix the list and send again.`,
        { status: 400, param: 'externalIds', unknownExternalIds: unknown },
      );
    }
    const scheduleAt = request.scheduleAt ? new Date(request.scheduleAt) : null;
    // A time in the past plays now (the contract says so).
    const scheduled = scheduleAt !== null && scheduleAt > now;
    const sendId = newId('snd');
    await db.sends.insert(
      {
        id: sendId,
        companyId,
        audioId,
        // The contract's defaults (Ajv applies no defaults found behind a $ref).
        priority: request.priority ?? 'normal',
        repeat: request.repeat ?? 1,
        volume: request.volume ?? 100,
        scheduleAt,
        scheduled,
        status: 'scheduled',
      },
      request.externalIds.map((externalId) => byExternalId.get(externalId)!),
      now,
    );
    if (!scheduled) await deliverSend(db, sendId, now);
    const view = sendView((await db.sends.get(sendId))!);
    await db.webhooks.recordEvent(companyId, 'send.created', view, now);
    if (!scheduled) await db.webhooks.recordEvent(companyId, 'send.delivered', view, now);
    return view;
  });
  ctx.playerChanges.notify(
    companyId,
    view.destinations.map((d) => d.userId),
  );
  ctx.wakeDeliveries();
  return view;
}

/** Delivers every scheduled send whose time has come; each in its own transaction. */
export async function deliverDueSends(ctx: SandboxContext): Promise<number> {
  const now = ctx.clock();
  let delivered = 0;
  for (const sendId of await ctx.db.sends.dueIds(now)) {
    const send = await ctx.db.transaction(async (db) => {
      if (!(await deliverSend(db, sendId, now))) return null;
      const send = (await db.sends.get(sendId))!;
      await db.webhooks.recordEvent(send.companyId, 'send.delivered', sendView(send), now);
      delivered++;
      return send;
    });
    if (send)
      ctx.playerChanges.notify(
        send.companyId,
        send.destinations.map((d) => d.userId),
      );
  }
  if (delivered > 0) ctx.wakeDeliveries();
  return delivered;
}
