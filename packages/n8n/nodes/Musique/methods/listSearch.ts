import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { musiqueClient } from '../transport';
import { toNodeError } from '../transport/errors';

/** Audio for the "From List" picker, newest first, filtered by name as the user types; each links to its file. */
export async function searchAudio(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const client = await musiqueClient(this);
  const page = await client.audio
    .list({
      limit: 50,
      ...(filter?.trim() ? { name: filter.trim() } : {}),
      ...(paginationToken ? { cursor: paginationToken } : {}),
    })
    .catch((error: unknown) => Promise.reject(toNodeError(this.getNode(), error)));
  return {
    results: page.data.map((audio) => ({
      name: audio.category ? `${audio.name} (${audio.category})` : audio.name,
      value: audio.audioId,
      url: audio.url,
    })),
    ...(page.nextCursor ? { paginationToken: page.nextCursor } : {}),
  };
}
