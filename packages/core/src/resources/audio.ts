import { type AudioFilterName, ignoredAudioFilters, matchesAudioFilters } from '../audio-filters.js';
import type { paths } from '../generated/openapi.js';
import type { RequestSender } from '../request.js';
import type { UploadFile } from '../transport.js';
import type { Audio, AudioList, DeletedAudio, Send, SendRequest, UploadedAudio } from '../types.js';
import { checkAudioFile, rejectUnknownOptions, rejectUnsafeText } from '../validation.js';

export type ListAudioParams = NonNullable<paths['/audio']['get']['parameters']['query']>;

export interface UploadAudioParams {
  file: UploadFile;
  /** Defaults (on the API side) to the file name without its extension. */
  name?: string;
  description?: string;
  /** Free text; `promotion`, `announcement` and `emergency` are the common ones. */
  category?: string;
}

export interface PostOptions {
  /** The same key makes a repeated call harmless; derive it from something stable (a zap step, a card click). */
  idempotencyKey?: string;
}

export class AudioResource {
  constructor(private readonly sender: RequestSender) {}

  /**
   * One page, newest first. The filters were never published, so the page is checked here: audio that does not
   * match is dropped (the page may then hold fewer, even none, with more to come), and `ignoredFilters` names
   * the filters the API did not apply (also told to `onIgnoredFilter`).
   */
  async list(params: ListAudioParams = {}): Promise<AudioList & { ignoredFilters: AudioFilterName[] }> {
    rejectUnknownOptions(params, ['limit', 'cursor', 'category', 'name'], 'A list');
    rejectUnsafeText({ ...params });
    const page = await this.sender.request<AudioList>({ method: 'GET', path: '/audio', query: params });
    const ignoredFilters = ignoredAudioFilters(page.data, params);
    if (ignoredFilters.length === 0) return Object.assign(page, { ignoredFilters });
    this.sender.reportIgnoredFilters(ignoredFilters);
    const data = page.data.filter((audio) => matchesAudioFilters(audio, params));
    return Object.assign(page, { data, ignoredFilters });
  }

  /** Every audio file, newest first, page after page as the loop asks for them. */
  async *iterate(
    params: Omit<ListAudioParams, 'cursor' | 'limit'> & { pageSize?: number } = {},
  ): AsyncGenerator<Audio> {
    const { pageSize = 100, ...filters } = params;
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...filters, limit: pageSize, ...(cursor ? { cursor } : {}) });
      yield* page.data;
      cursor = page.hasMore && page.nextCursor ? page.nextCursor : undefined;
    } while (cursor);
  }

  get(audioId: string): Promise<Audio> {
    return this.sender.request({ method: 'GET', path: `/audio/${encodeId(audioId)}` });
  }

  /** Refused before sending when the file is empty or its first bytes are not audio. */
  async upload(params: UploadAudioParams, options: PostOptions = {}): Promise<UploadedAudio> {
    rejectUnknownOptions(params, ['file', 'name', 'description', 'category'], 'An upload');
    checkAudioFile(params.file);
    const { file, ...texts } = params;
    rejectUnsafeText({ ...texts, file: file.filename });
    const fields: Record<string, string> = {};
    if (params.name !== undefined) fields.name = params.name;
    if (params.description !== undefined) fields.description = params.description;
    if (params.category !== undefined) fields.category = params.category;
    return this.sender.request({
      method: 'POST',
      path: '/audio',
      multipart: { kind: 'multipart', fields, file: params.file },
      ...options,
    });
  }

  delete(audioId: string): Promise<DeletedAudio> {
    return this.sender.request({ method: 'DELETE', path: `/audio/${encodeId(audioId)}` });
  }

  /**
   * Plays the audio on store players: the contract's body, posted as it is. What a send means (names, groups,
   * times, confirmation, retries) is the send plan's (`planSend`, `executeSendPlan`), which builds this body;
   * here only what would corrupt the request is refused: a misspelt option, a NUL byte.
   */
  async send(audioId: string, body: SendRequest, postOptions: PostOptions = {}): Promise<Send> {
    rejectUnknownOptions(body, ['externalIds', 'scheduleAt', 'priority', 'repeat', 'volume'], 'A send');
    rejectUnsafeText({ externalIds: body.externalIds, scheduleAt: body.scheduleAt });
    return this.sender.request({
      method: 'POST',
      path: `/audio/${encodeId(audioId)}/send`,
      body,
      ...postOptions,
    });
  }

  /** The newest audio (of a category), in one request where the API applies the filter. */
  async latest(params: { category?: string } = {}): Promise<Audio | null> {
    const page = await this.list({ ...params, limit: 1 });
    if (page.ignoredFilters.length === 0) return page.data[0] ?? null;
    // The API ignored the category: read on until an audio of it comes.
    for await (const audio of this.iterate(params)) return audio;
    return null;
  }

  /**
   * Audio whose name contains `text`, best first: exact (ignoring case) names, then names that start with it,
   * then the rest; newest first within each group.
   */
  async findByName(text: string, params: { category?: string } = {}): Promise<Audio[]> {
    const wanted = normalise(text);
    const matches: Audio[] = [];
    for await (const audio of this.iterate({ ...params, name: text.trim() })) matches.push(audio);
    const rank = (audio: Audio) => {
      const name = normalise(audio.name);
      return name === wanted ? 0 : name.startsWith(wanted) ? 1 : 2;
    };
    return matches
      .map((audio, index) => ({ audio, index }))
      .sort((a, b) => rank(a.audio) - rank(b.audio) || a.index - b.index)
      .map(({ audio }) => audio);
  }

  /**
   * The audio a person means by a name: the one whose name is exactly that (ignoring case and spacing), else the
   * only one whose name contains it. When that is not one audio, `audio` is null and `candidates` are the equally
   * good matches to choose from (none when nothing matches).
   */
  async matchName(
    text: string,
    params: { category?: string } = {},
  ): Promise<{ audio: Audio | null; candidates: Audio[] }> {
    const matches = await this.findByName(text, params);
    const exact = matches.filter((audio) => normalise(audio.name) === normalise(text));
    const candidates = exact.length > 0 ? exact : matches;
    return { audio: candidates.length === 1 ? (candidates[0] ?? null) : null, candidates };
  }
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** Encoded, so an id with a slash or a question mark cannot reach another endpoint. */
function encodeId(id: string): string {
  rejectUnsafeText({ audioId: id });
  return encodeURIComponent(id.trim());
}
