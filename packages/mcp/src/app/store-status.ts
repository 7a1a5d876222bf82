/**
 * store_status: where a send is on each store's player, for the app's store view (and any assistant that asks
 * "did it arrive?"). Read-only. The live Musique API reports a send's destinations only in the send's answer;
 * the sandbox also shows each simulated player, so there this tells what every store is playing now.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import {
  type MusiqueClient,
  type PlayerState,
  resolveStoreTargets,
  type StoreDirectory,
} from '@musique/core';
import { failure, success } from '../tools/tool.js';
import { APP_TOOL_META } from './resource.js';

/** A refresh reads one player per store: 20 stay well inside the key's 100 requests a minute. */
export const STORE_STATUS_LIMIT = 20;

export const storeStatusTool: Tool = {
  name: 'store_status',
  title: 'Store status',
  description: `What each store's player is doing with a send: playing it, queued, played, or not there yet, and what it plays now. Up to ${STORE_STATUS_LIMIT} stores a call. Only a sandbox shows its players; the live API answers a send's status when it is sent.`,
  inputSchema: {
    type: 'object',
    properties: {
      stores: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        maxItems: STORE_STATUS_LIMIT,
        description: 'The stores, as in send_audio ("42", "store_042").',
      },
      sendId: { type: 'string', description: "The send to look for (send_audio's sendId)." },
    },
    required: ['stores'],
  },
  annotations: {
    title: 'Store status',
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  _meta: APP_TOOL_META,
};

/** Where the send is on this player, newest first. */
function whereIs(player: PlayerState, sendId: string | undefined): string | null {
  if (!sendId) return null;
  if (player.nowPlaying?.sendId === sendId) return 'playing';
  if (player.queue.some((item) => item.sendId === sendId)) return 'queued';
  if (player.history.some((item) => item.sendId === sendId)) return 'played';
  return 'not there yet';
}

export async function storeStatus(
  input: Record<string, unknown>,
  client: MusiqueClient,
  directory: StoreDirectory | undefined,
): Promise<CallToolResult> {
  const { stores, sendId } = input;
  if (!Array.isArray(stores) || stores.length === 0 || !stores.every((store) => typeof store === 'string'))
    return failure('store_status needs stores: a list of store IDs such as ["42", "store_012"].');
  if (stores.length > STORE_STATUS_LIMIT)
    return failure(`store_status reads up to ${STORE_STATUS_LIMIT} stores a call; ask for fewer at a time.`);
  if (sendId !== undefined && typeof sendId !== 'string')
    return failure("sendId is send_audio's sendId, a text such as snd_abc123def456.");
  const targets = await resolveStoreTargets(stores as string[], directory ? { directory } : {});
  if (!targets.ok) return failure(targets.refusal.message);
  const { externalIds } = targets.targets;
  if (!(await client.sandbox.isSandbox()))
    return success({
      live: false,
      stores: externalIds.map((externalId) => ({ externalId, thisSend: null, nowPlaying: null })),
      note: "The Musique API does not report what a player is playing; each store's status is the one the send was answered with.",
    });
  const players = await Promise.all(externalIds.map((externalId) => client.sandbox.player(externalId)));
  return success({
    live: true,
    stores: players.map((player) => ({
      externalId: player.externalId,
      thisSend: whereIs(player, sendId),
      nowPlaying: player.nowPlaying
        ? { name: player.nowPlaying.name, sendId: player.nowPlaying.sendId }
        : null,
    })),
  });
}
