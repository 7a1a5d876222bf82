import {
  AuthenticationError,
  ConnectionError,
  MusiqueError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '@musique/core';

/** A problem the bot found itself, already worded for the user. */
export class BotProblem extends Error {}

/** A store list for a message: "store_098 and store_099", at most `max` named. */
export function listStores(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max);
  const more = ids.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length < 2) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** An error in words a store manager can act on. Core messages already say what to do and carry the request id. */
export function explainError(error: unknown): string {
  if (error instanceof ValidationError && error.unknownExternalIds?.length) {
    const ids = error.unknownExternalIds;
    return `Musique does not know ${ids.length === 1 ? 'store' : 'stores'} ${listStores(ids)}, so nothing was sent.`;
  }
  if (error instanceof RateLimitError) {
    const wait = error.retryAfter === undefined ? 'a minute' : `${Math.ceil(error.retryAfter)} s`;
    return error.code === 'quota_exceeded'
      ? `The Musique API's daily quota for this key is used up; try again in ${wait}.`
      : `The Musique API is rate limiting this bot; nothing was sent. Try again in ${wait}.`;
  }
  if (error instanceof PermissionError) {
    const permission = error.param ? `the "${error.param}" permission` : 'a permission this needs';
    return `The bot's Musique API key lacks ${permission}. Ask your Musique admin for a key that has it.`;
  }
  if (error instanceof AuthenticationError) {
    return "Musique refused the bot's API key (wrong, revoked or expired). The bot admin needs to set a valid MUSIQUE_API_KEY.";
  }
  if (error instanceof NotFoundError)
    return `That audio is gone from Musique (deleted?). Say "list promos" to see what there is.`;
  if (error instanceof ConnectionError)
    return 'I could not reach the Musique API just now; try again in a moment.';
  if (error instanceof ServerError)
    return `The Musique API had a problem on its side; try again shortly. (${error.message})`;
  if (error instanceof MusiqueError || error instanceof BotProblem) return error.message;
  return 'Something went wrong on my side; the bot admin can find the details in its log.';
}
