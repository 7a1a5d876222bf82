import fp from 'fastify-plugin';
import { ApiError } from '../../rules/api-error.js';
import type { SandboxContext } from '../../rules/context.js';
import { framingError } from '../edge.js';

/** Every failure answers the contract's error body with the request id; a 500 is also logged here. */
export const errors = fp<{ ctx: SandboxContext }>(async (app, { ctx }) => {
  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) console.error(`[musique-sandbox] ${request.id}`, error);
    return reply
      .code(apiError.status)
      .header('x-request-id', request.id)
      .header('content-type', 'application/json; charset=utf-8')
      .send(apiError.toBody(request.id));
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply
      .code(404)
      .send(
        new ApiError(
          'not_found',
          `No endpoint ${request.method} ${request.url.split('?')[0]}. The API lives under ${ctx.contract.basePath}.`,
        ).toBody(request.id),
      );
  });
});

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const framing = framingError(error);
  if (framing) return framing;
  const { code, message, statusCode } = error as { code?: string; message?: string; statusCode?: number };
  switch (code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('missing_field', 'The request needs a JSON body.', { param: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'invalid_format',
        'Send the body as application/json (or multipart/form-data to upload).',
        {
          param: 'Content-Type',
        },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('file_too_large', 'The request body is larger than 1 MB.');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError('file_too_large', 'The file is larger than the upload limit.', { param: 'file' });
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ApiError(
        'invalid_format',
        'Upload one file in the `file` field, with name, description and category.',
        {
          param: 'file',
        },
      );
    case 'FST_MP_PREMATURE_CLOSE':
    case 'ECONNRESET':
      // The client went away mid-upload; nobody reads this answer, and the temporary file is already gone.
      return new ApiError(
        'invalid_format',
        'The upload ended before the file was complete. Send the whole file.',
        {
          param: 'file',
        },
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError(
        'invalid_format',
        'Upload as multipart/form-data with the audio in a `file` field.',
        {
          param: 'Content-Type',
        },
      );
  }
  if (statusCode === 400 && message) {
    return new ApiError('invalid_format', `The request body could not be read: ${message}`, {
      param: 'body',
    });
  }
  return new ApiError(
    'internal_error',
    'Something went wrong inside the sandbox. Quote the request id when reporting it.',
  );
}
