import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the bot keeps what must outlive a turn: pending confirmations and conversation references.
 * Values are plain JSON. `update` is the one atomic step (a confirmation is claimed exactly once).
 */
export interface BotStorage {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads, changes and writes one key with no other update of that key in between. */
  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}

/** Serialises updates per key inside this process. */
class KeyLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<R>(key: string, work: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** Fine for local testing and a single instance; everything is gone on restart. */
export class MemoryStorage implements BotStorage {
  private readonly values = new Map<string, string>();
  private readonly locks = new KeyLocks();

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.locks.run(key, async () => {
      const next = change(await this.get<T>(key));
      if (next === undefined) await this.delete(key);
      else await this.set(key, next);
      return next;
    });
  }
}

/**
 * One JSON file per key in a directory, written to a temporary name and renamed, so a crash never leaves
 * half a record. Survives restarts; for several instances use a shared store behind the same interface.
 */
export class FileStorage implements BotStorage {
  private readonly locks = new KeyLocks();
  private ready: Promise<unknown> | undefined;

  constructor(private readonly directory: string) {}

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async set<T>(key: string, value: T): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 });
    await this.ready;
    const temporary = `${this.path(key)}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, JSON.stringify(value), { mode: 0o600 });
    await rename(temporary, this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.locks.run(key, async () => {
      const next = change(await this.get<T>(key));
      if (next === undefined) await this.delete(key);
      else await this.set(key, next);
      return next;
    });
  }

  private path(key: string): string {
    // Keys hold conversation ids with ':' and '@'; file names get only safe characters.
    return join(this.directory, `${encodeURIComponent(key).replace(/%/g, '_')}.json`);
  }
}
