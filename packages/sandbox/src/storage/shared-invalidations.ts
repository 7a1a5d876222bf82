import { randomBytes } from 'node:crypto';
import type { PostgresDatabase } from './postgres.js';
import type { CacheStrategy, Remembered } from './remembered.js';

const channel = 'musique_cache_invalidations';
// Not a cache: the request to write what waits in the write-behind queue.
const writesName = 'writes';
// A process that has not answered by then is stopping or stuck; the write goes on rather than hang.
const ackTimeoutMs = 2000;

type Message =
  | { forget: string; ids: string[] | null; from: string; seq: number }
  | { ack: number; to: string; by: string };

/**
 * Caches kept true across the processes of one PostgreSQL server, and their write-behind queues written when
 * another process must read them (the usage logs). A write, once committed, is announced on
 * a channel every process listens to (LISTEN/NOTIFY, like the players feed); each process forgets and answers,
 * and the write's request answers only once every other process has: the next request anywhere reads the
 * database. Which processes there are is asked of the server (their listening connections).
 */
export class SharedInvalidations implements CacheStrategy {
  private readonly caches = new Map<string, Remembered<unknown>>();
  private readonly process = randomBytes(8).toString('hex');
  private seq = 0;
  private readonly waiting = new Map<number, { acks: Set<string>; heard: () => void }>();
  /** What this process writes when another asks (its queued usage logs and rate counts). */
  private flushWrites: () => Promise<void> = async () => {};

  constructor(private readonly database: PostgresDatabase) {}

  register(cache: Remembered<unknown>): void {
    this.caches.set(cache.name, cache);
  }

  /** Every other process writes its queued rows when asked through `flushedElsewhere`. */
  flushOnRequest(flush: () => Promise<void>): void {
    this.flushWrites = flush;
  }

  /** Resolves once every other process has written its queued rows (the usage logs a list must show). */
  flushedElsewhere(): Promise<void> {
    return this.forgotten(writesName, null);
  }

  async connect(): Promise<void> {
    await this.database.listen(channel, (payload) => this.hear(JSON.parse(payload) as Message));
  }

  async forgotten(cache: string, ids: string[] | null): Promise<void> {
    const seq = ++this.seq;
    const others = (await this.database.listeningProcesses()) - 1;
    if (others <= 0) return;
    const acks = new Set<string>();
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ackTimeoutMs);
      this.waiting.set(seq, {
        acks,
        heard: () => {
          if (acks.size < others) return;
          clearTimeout(timer);
          resolve(true);
        },
      });
    });
    try {
      await this.publish({ forget: cache, ids, from: this.process, seq });
      if (!(await heard)) {
        console.error(
          `[musique-sandbox] ${others - acks.size} other sandbox process(es) did not confirm forgetting ${cache} within ${ackTimeoutMs} ms.`,
        );
      }
    } finally {
      this.waiting.delete(seq);
    }
  }

  private hear(message: Message): void {
    if ('ack' in message) {
      if (message.to !== this.process) return;
      const waiting = this.waiting.get(message.ack);
      waiting?.acks.add(message.by);
      waiting?.heard();
      return;
    }
    if (message.from === this.process) return;
    const done =
      message.forget === writesName
        ? this.flushWrites()
        : Promise.resolve(this.caches.get(message.forget)?.drop(message.ids));
    done
      .then(() => this.publish({ ack: message.seq, to: message.from, by: this.process }))
      .catch((error) => console.error('[musique-sandbox] cache invalidation not confirmed:', error));
  }

  private publish(message: Message): Promise<void> {
    return this.database.notify(channel, JSON.stringify(message));
  }
}
