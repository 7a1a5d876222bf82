import { MusiqueError } from '@musique/core';
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A core error as n8n shows errors: what the API answered (status, its message, the request id) as a
 * NodeApiError, a mistake caught before any request (or a network failure) as a NodeOperationError.
 */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex?: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (error instanceof MusiqueError && error.status !== undefined) {
    const details: JsonObject = {
      message: error.message,
      code: error.code,
      type: error.type,
      status: error.status,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      ...(error.param ? { param: error.param } : {}),
      ...(error.unknownExternalIds ? { unknownExternalIds: error.unknownExternalIds } : {}),
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    };
    return new NodeApiError(node, details, {
      message: error.message,
      description: describe(error),
      httpCode: String(error.status),
      ...(itemIndex !== undefined ? { itemIndex } : {}),
    });
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  return new NodeOperationError(node, cause, {
    ...(itemIndex !== undefined ? { itemIndex } : {}),
    ...(error instanceof MusiqueError ? { description: describe(error) } : {}),
  });
}

function describe(error: MusiqueError): string {
  const lines = [`Code: ${error.code}`];
  if (error.requestId) lines.push(`Request ID: ${error.requestId} (quote it to Musique support)`);
  if (error.unknownExternalIds?.length) lines.push(`Unknown stores: ${error.unknownExternalIds.join(', ')}`);
  if (error.retryAfter !== undefined) lines.push(`Retry after: ${error.retryAfter} s`);
  return lines.join('\n');
}
