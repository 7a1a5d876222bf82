/** What the HTTP answer behind a result said, beyond its body. */
export interface ResponseMeta {
  status: number;
  requestId: string | undefined;
  /** The API answered an idempotency key it had seen with the first answer: nothing was done again. */
  replayed: boolean;
  headers: Record<string, string>;
}

const metas = new WeakMap<object, ResponseMeta>();

/** The answer behind a result the client returned (like stripe-node's `lastResponse`), kept out of the result. */
export function responseOf(result: object): ResponseMeta | undefined {
  return metas.get(result);
}

export function remember<T>(result: T, status: number, headers: Record<string, string>): T {
  if (typeof result === 'object' && result !== null) {
    metas.set(result, {
      status,
      requestId: headers['x-request-id'],
      replayed: headers['idempotent-replayed'] === 'true',
      headers,
    });
  }
  return result;
}
