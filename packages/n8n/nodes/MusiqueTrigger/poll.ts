import { type Audio, categoryFilterField, type PortableMusiqueClient } from '@musique/core/portable';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { musiqueClient } from '../Musique/transport';
import { toNodeError } from '../Musique/transport/errors';

/** What the trigger remembers between polls, in the workflow's static data. */
interface PollState {
  /** createdAt of the newest audio already emitted. */
  lastCreatedAt?: string;
  /** IDs emitted with exactly that createdAt, so audio created in the same instant is neither lost nor repeated. */
  lastIds?: string[];
}

/** New Audio: each poll emits the audio uploaded since the last one, oldest first, exactly once. */
export async function pollNewAudio(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const filters = this.getNodeParameter('filters', {}) as IDataObject;
  const client = await musiqueClient(this);

  try {
    const category = categoryFilterField.parse(filters.category);
    const params = category ? { category } : {};
    // "Fetch Test Event": show the newest audio as a sample, whether or not it was seen before.
    if (this.getMode() === 'manual') {
      const latest = await client.audio.latest(params);
      return latest ? [[toItem(latest)]] : null;
    }
    const state = this.getWorkflowStaticData('node') as PollState;
    const fresh = await newAudioSince(client, params, state);
    return fresh.length ? [fresh.map(toItem)] : null;
  } catch (error) {
    throw toNodeError(this.getNode(), error);
  }
}

/**
 * Audio newer than what the state remembers, oldest first, and the state moved past it. The first poll after
 * activation only remembers where "now" is, so turning the workflow on does not replay the whole library.
 */
async function newAudioSince(
  client: PortableMusiqueClient,
  params: { category?: string },
  state: PollState,
): Promise<Audio[]> {
  if (state.lastCreatedAt === undefined) {
    const latest = await client.audio.latest(params);
    state.lastCreatedAt = latest?.createdAt ?? new Date(0).toISOString();
    state.lastIds = latest ? [latest.audioId] : [];
    return [];
  }
  const since = Date.parse(state.lastCreatedAt);
  const seen = new Set(state.lastIds ?? []);
  const fresh: Audio[] = [];
  for await (const audio of client.audio.iterate({ ...params, pageSize: 100 })) {
    const created = Date.parse(audio.createdAt);
    if (created < since) break;
    if (created === since && seen.has(audio.audioId)) continue;
    fresh.push(audio);
  }
  fresh.reverse();
  const newest = fresh[fresh.length - 1];
  if (newest) {
    const newestAt = Date.parse(newest.createdAt);
    const sameInstant = fresh
      .filter((audio) => Date.parse(audio.createdAt) === newestAt)
      .map((a) => a.audioId);
    state.lastIds = newestAt === since ? [...seen, ...sameInstant] : sameInstant;
    state.lastCreatedAt = newest.createdAt;
  }
  return fresh;
}

function toItem(audio: Audio): INodeExecutionData {
  return { json: audio as unknown as IDataObject };
}
