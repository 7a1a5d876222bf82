import {
  AuthenticationError,
  ConnectionError,
  MusiqueError,
  NotFoundError,
  PermissionError,
  ValidationError,
} from '@musique/core/portable';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A core error as n8n shows errors: what the API answered as a NodeApiError, a mistake caught before any request
 * (or a network failure) as a NodeOperationError. The message says what went wrong; the description says what
 * to do in a workflow author's words, then the request id, once.
 */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex?: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (error instanceof MusiqueError && error.status !== undefined) {
    const details: JsonObject = {
      message: error.detail,
      code: error.code,
      type: error.type,
      status: error.status,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      ...(error.param ? { param: error.param } : {}),
      ...(error.unknownExternalIds ? { unknownExternalIds: error.unknownExternalIds } : {}),
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    };
    return new NodeApiError(node, details, {
      message: messageFor(error),
      description: describe(error),
      httpCode: String(error.status),
      ...(itemIndex !== undefined ? { itemIndex } : {}),
    });
  }
  // A network failure by its message alone: given the error, n8n would replace our sentence with its own
  // ("The service refused the connection") from the code it finds inside.
  const cause =
    error instanceof ConnectionError
      ? error.message
      : error instanceof Error
        ? error
        : new Error(String(error));
  return new NodeOperationError(node, cause, {
    ...(itemIndex !== undefined ? { itemIndex } : {}),
    ...(error instanceof MusiqueError ? { description: describe(error) } : {}),
  });
}

/** What went wrong, once: the description says what to do about it. */
function messageFor(error: MusiqueError): string {
  if (error instanceof PermissionError && error.param)
    return `The Musique credential's key lacks the "${error.param}" permission.`;
  return error.detail;
}

/**
 * What the Continue-on-error item holds: the message, what to do, and for an API answer its status as a number
 * and Musique's request ID as fields a later node can read.
 */
export function errorItem(nodeError: NodeApiError | NodeOperationError, cause: unknown): JsonObject {
  const answered = cause instanceof MusiqueError && cause.status !== undefined ? cause : undefined;
  return {
    error: nodeError.message,
    ...(nodeError.description ? { description: nodeError.description } : {}),
    ...(answered ? { httpCode: answered.status as number } : {}),
    ...(answered?.requestId ? { requestId: answered.requestId } : {}),
  };
}

/** Whole sentences, so they read right whether n8n shows them on one line or several. */
function describe(error: MusiqueError): string {
  const sentences = [hintFor(error)];
  if (error.retryAfter !== undefined) sentences.push(`Musique asks to wait ${error.retryAfter} s.`);
  if (error.requestId) sentences.push(`Request ID: ${error.requestId} (quote it to Musique support).`);
  return sentences.filter(Boolean).join('\n');
}

/** The core's advice, said where a workflow author acts on it: the credential, the list, the field. */
function hintFor(error: MusiqueError): string | undefined {
  if (error instanceof AuthenticationError)
    return 'Check the API key in the Musique credential, or ask Musique for a new key if it was revoked or has expired.';
  if (error instanceof PermissionError)
    return error.param
      ? 'Ask Musique for a key that has it, then put that key in the Musique credential.'
      : "The Musique credential's key may not do this: ask Musique for a key that may.";
  if (error instanceof NotFoundError)
    return 'Pick the audio from the list, or check the ID: it may have been deleted.';
  if (error instanceof ValidationError && error.unknownExternalIds?.length)
    return 'Correct the Stores field, then run the node again.';
  return error.hint;
}
