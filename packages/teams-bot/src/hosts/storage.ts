/**
 * The bot's state behind botbuilder's `Storage`, the interface teams-ai's `Application` takes: botbuilder's
 * `MemoryStorage` (tests), a file store (one instance) or `BlobsStorage` (Azure, any number of instances),
 * chosen by configuration. The domain sees only `BotStorage`; its one atomic step, `update`, is an optimistic
 * write with the eTag that was read, so two instances can never both claim one confirmation.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { BotStorage } from '../domain/conversation/storage.js';

export type StorageKind = 'memory' | 'file' | 'azure-blobs';

export interface StorageSettings {
  kind: StorageKind;
  /** `file`: the directory. */
  directory?: string;
  /** `azure-blobs`: the storage account's connection string and the container. */
  connectionString?: string;
  container?: string;
}

export function createStorage(settings: StorageSettings): Storage {
  switch (settings.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'file':
      if (!settings.directory) throw new Error('File storage needs a directory (MUSIQUE_BOT_DATA).');
      return new FileStorage(settings.directory);
    case 'azure-blobs':
      if (!settings.connectionString || !settings.container)
        throw new Error(
          'Azure Blob storage needs MUSIQUE_BOT_STORAGE_CONNECTION (a connection string) and MUSIQUE_BOT_STORAGE_CONTAINER.',
        );
      return new BlobsStorage(settings.connectionString, settings.container);
  }
}

/** What the domain keeps, as items of a botbuilder `Storage`. */
export function botStorageOver(storage: Storage): BotStorage {
  const readItem = async (key: string) => (await storage.read([key]))[key] as StoredValue | undefined;
  return {
    get: async (key) => storedValue(await readItem(key)),
    set: async (key, value) => storage.write({ [key]: { value, eTag: '*' } }),
    delete: (key) => storage.delete([key]),
    update: async (key, change) => {
      for (let attempt = 1; ; attempt++) {
        const item = await readItem(key);
        const next = change(storedValue(item));
        if (next === undefined && storedValue(item) === undefined) return undefined;
        // An empty value is written, not deleted, so the write stays conditional on what was read.
        try {
          await storage.write({ [key]: { value: next ?? null, eTag: item?.eTag ?? '*' } });
          return next;
        } catch (error) {
          if (!isETagConflict(error) || attempt >= 20) throw error;
        }
      }
    },
  };
}

interface StoredValue {
  value: unknown;
  eTag?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: BotStorage is generic over what callers store
const storedValue = (item: StoredValue | undefined): any => item?.value ?? undefined;

/** botbuilder's storages (memory, blobs, and ours below) all word a lost optimistic write so. */
const isETagConflict = (error: unknown) => error instanceof Error && /eTag conflict/.test(error.message);

/**
 * One JSON file per key, written to a temporary name and renamed, so a crash never leaves half a record; eTags
 * as botbuilder's storages keep them. For one instance (writes are serialised within this process only).
 */
export class FileStorage implements Storage {
  private readonly tails = new Map<string, Promise<unknown>>();
  private ready: Promise<unknown> | undefined;

  constructor(private readonly directory: string) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const item = await this.readOne(key);
      if (item) items[key] = item;
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      await this.exclusively(key, async () => {
        const { eTag, ...value } = change as StoredValue & Record<string, unknown>;
        const current = await this.readOne(key);
        if (current && eTag && eTag !== '*' && current.eTag !== eTag)
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 });
        await this.ready;
        const temporary = `${this.path(key)}.${process.pid}.${randomUUID()}.tmp`;
        await writeFile(temporary, JSON.stringify({ ...value, eTag: randomUUID() }), { mode: 0o600 });
        await rename(temporary, this.path(key));
      });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.exclusively(key, () => rm(this.path(key), { force: true }));
  }

  private async readOne(key: string): Promise<StoredValue | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as StoredValue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Serialises the writes of one key inside this process: a read and its write see no other write between. */
  private exclusively<R>(key: string, work: () => Promise<R>): Promise<R> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  private path(key: string): string {
    // Keys hold conversation ids with ':' and '@'; file names get only safe characters.
    return join(this.directory, `${encodeURIComponent(key).replace(/%/g, '_')}.json`);
  }
}
