/**
 * Where the bot keeps what must outlive a turn: pending confirmations and conversation references, as plain
 * JSON. `update` is the one atomic step (a confirmation is claimed exactly once, across instances too). The
 * hosts provide it over botbuilder's `Storage` (src/hosts/storage.ts).
 */
export interface BotStorage {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Reads, changes and writes one key with no other write of that key in between; `undefined` empties it.
   * `change` may run more than once (again after losing a race to another instance), so it must be pure.
   */
  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}
