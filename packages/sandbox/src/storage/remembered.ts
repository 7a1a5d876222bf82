/** Most entries a remembered map holds before it starts over. */
export const cacheSize = 10_000;

/**
 * How a cache hears of writes: alone, every write is this process's own; on a shared database, every process
 * is told, and `forgotten` resolves once each of them has forgotten (see SharedInvalidations).
 */
export interface CacheStrategy {
  register(cache: Remembered<unknown>): void;
  forgotten(cache: string, ids: string[] | null): Promise<void>;
}

/** Alone on its database: a write forgets here, and that is everywhere. */
export const localStrategy: CacheStrategy = { register: () => {}, forgotten: async () => {} };

/**
 * Reads remembered between queries, by key. A remembered read is dropped, never patched, by any write that
 * could change it, and a read that started before such a write is not remembered. `idOf` names what a write
 * forgets (a key's id, an audio's id) when it differs from the key the read was remembered by.
 */
export class Remembered<V> {
  private readonly entries = new Map<string, V>();
  /** Loads under way, by key: a read of the same key before any write since shares it. */
  private readonly loading = new Map<string, { generation: number; value: Promise<V | null> }>();
  private generation = 0;

  constructor(
    readonly name: string,
    private readonly strategy: CacheStrategy,
    private readonly idOf: (key: string, value: V) => string = (key) => key,
  ) {
    strategy.register(this as Remembered<unknown>);
  }

  /**
   * The remembered value, or what `load` reads (remembered unless `remember` is false or a write forgot
   * meanwhile). Reads of one key while its load is under way, with no write since it started, share that load.
   */
  async read(key: string, load: () => Promise<V | null>, remember = true): Promise<V | null> {
    if (!remember) return load();
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const pending = this.loading.get(key);
    if (pending?.generation === this.generation) return pending.value;
    const value = this.load(key, load);
    const entry = { generation: this.generation, value };
    this.loading.set(key, entry);
    const settled = () => {
      if (this.loading.get(key) === entry) this.loading.delete(key);
    };
    value.then(settled, settled);
    return value;
  }

  known(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** What `load` reads now, remembered as `read` would. */
  async load(key: string, load: () => Promise<V | null>, remember = true): Promise<V | null> {
    const generation = this.generation;
    const value = await load();
    if (value !== null && remember && generation === this.generation) {
      if (this.entries.size >= cacheSize) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }

  /** Drops these entries (all with no ids) here only: what a write, or another process's message, does. */
  drop(ids: string[] | null): void {
    this.generation++;
    if (ids === null) {
      this.entries.clear();
      return;
    }
    const gone = new Set(ids);
    for (const [key, value] of this.entries) if (gone.has(this.idOf(key, value))) this.entries.delete(key);
  }

  /** Once a write has committed: forgets here and, on a shared database, in every other process. */
  async forget(ids: string[] | null): Promise<void> {
    this.drop(ids);
    await this.strategy.forgotten(this.name, ids);
  }
}
