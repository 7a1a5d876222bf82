import type { MultipartFile } from '@fastify/multipart';
import { ApiError, invalidFormat, notFound } from '../../rules/api-error.js';
import { audioView, uploadedAudioView } from '../../rules/api-objects.js';
import { fingerprintOf } from '../../rules/idempotent-requests.js';
import { refuseUnsafeText } from '../../rules/input-values.js';
import { deliverDueSends, type SendRequest, sendAudio } from '../../rules/send-requests.js';
import { inspectUpload, nameFromFileName, storeAudio } from '../../rules/uploads.js';
import type { TempFile } from '../../storage/audio-files.js';
import { decodeCursor, encodeCursor } from '../cursors.js';
import { answerIdempotently, authenticatedKey, type Handler } from '../request.js';

type AudioParams = { audioId: string };

const listAudio: Handler = async (ctx, request) => {
  const query = request.query as { limit: number; cursor?: string; category?: string; name?: string };
  const beforeSeq = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (beforeSeq === null) {
    throw invalidFormat(
      'cursor',
      'cursor is not one this API issued. Pass the nextCursor of the previous page.',
    );
  }
  await deliverDueSends(ctx);
  const rows = await ctx.db.audio.list(authenticatedKey(request).companyId, {
    limit: query.limit + 1,
    beforeSeq,
    category: query.category,
    name: query.name,
  });
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  return {
    data: page.map((audio) => audioView(audio, ctx.origin())),
    hasMore,
    nextCursor: hasMore ? encodeCursor(page[page.length - 1]!.seq) : null,
  };
};

const getAudio: Handler = async (ctx, request) => {
  const { audioId } = request.params as AudioParams;
  await deliverDueSends(ctx);
  const audio = await ctx.db.audio.get(authenticatedKey(request).companyId, audioId);
  if (!audio)
    throw notFound(`No audio file ${audioId} exists for this company. Check the id with GET /audio.`);
  return audioView(audio, ctx.origin());
};

/** Streams the multipart upload to a temporary file; the size limit is enforced while the bytes arrive. */
const uploadAudio: Handler = async (ctx, request, reply) => {
  if (!request.isMultipart()) {
    throw new ApiError('invalid_format', 'Upload as multipart/form-data with the audio in a `file` field.', {
      param: 'Content-Type',
    });
  }
  const operation = request.musique.operation!;
  const fields: Record<string, string> = {};
  let temp: TempFile | null = null;
  let fileName: string | undefined;
  let committed = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (!operation.fileFields.includes(part.fieldname) || temp) {
        part.file.resume();
        throw invalidFormat(
          'file',
          `Send exactly one file, in the \`file\` field (got a file in \`${part.fieldname}\`).`,
        );
      }
      temp = await ctx.files.writeTemp(part.file);
      fileName = part.filename;
      refuseUnsafeText(fileName, 'file');
      if ((part as MultipartFile).file.truncated) throw tooLarge(ctx.maxUploadBytes);
    }
    operation.validateFields(fields);
    if (!temp)
      throw new ApiError('missing_field', 'file is required: attach the audio in a `file` field.', {
        param: 'file',
      });
    const info = await inspectUpload(ctx, temp);

    const upload = temp;
    const details = {
      name: fields.name ?? nameFromFileName(fileName),
      description: fields.description ?? null,
      category: fields.category ?? null,
    };
    const companyId = authenticatedKey(request).companyId;
    return await answerIdempotently(
      ctx,
      request,
      reply,
      `company:${companyId}`,
      fingerprintOf(details, upload.sha256),
      async () => {
        const audio = await storeAudio(ctx, companyId, upload, details, info);
        committed = true;
        return { status: 201, body: uploadedAudioView(audio, ctx.origin()) };
      },
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(ctx.maxUploadBytes);
    throw error;
  } finally {
    if (temp && !committed) await ctx.files.discard(temp.path);
  }
};

const tooLarge = (limit: number) =>
  new ApiError(
    'file_too_large',
    `The file is larger than the ${formatBytes(limit)} upload limit. Compress it (MP3 at 128 kbps is plenty) and upload again.`,
    { param: 'file' },
  );

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(bytes / 1024)} kB`;

const deleteAudio: Handler = async (ctx, request) => {
  const { audioId } = request.params as AudioParams;
  const companyId = authenticatedKey(request).companyId;
  const now = ctx.clock();
  const fileName = await ctx.db.transaction(async (db) => {
    const audio = await db.audio.get(companyId, audioId);
    if (!audio)
      throw notFound(`No audio file ${audioId} exists for this company. Check the id with GET /audio.`);
    const pending = await db.audio.countPendingScheduledSends(audioId);
    if (pending > 0) {
      throw new ApiError(
        'conflict',
        `${audioId} has ${pending} scheduled send${pending === 1 ? '' : 's'} still to play; delete it once ${pending === 1 ? 'it has' : 'they have'} played.`,
      );
    }
    await db.audio.delete(audioId, now);
    await db.webhooks.recordEvent(companyId, 'audio.deleted', { deleted: true, audioId }, now);
    return audio.fileName;
  });
  await ctx.files.remove(fileName);
  ctx.wakeDeliveries();
  return { deleted: true, audioId };
};

const sendAudioHandler: Handler = async (ctx, request, reply) => {
  const { audioId } = request.params as AudioParams;
  const body = request.body as SendRequest;
  const companyId = authenticatedKey(request).companyId;
  return answerIdempotently(
    ctx,
    request,
    reply,
    `company:${companyId}`,
    fingerprintOf(audioId, body),
    async () => ({
      status: 201,
      body: await sendAudio(ctx, companyId, audioId, body),
    }),
  );
};

export const audioHandlers: Record<string, Handler> = {
  listAudio,
  getAudio,
  uploadAudio,
  deleteAudio,
  sendAudio: sendAudioHandler,
};
