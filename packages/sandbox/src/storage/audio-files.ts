import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomHex } from './ids.js';

export interface TempFile {
  path: string;
  size: number;
  sha256: string;
}

const tempPrefix = '.upload-';

/**
 * Audio files on disk. An upload streams to a temporary name and is renamed only once complete and valid,
 * so a crash or an abort can leave no half-written file under a real name.
 */
export class AudioFiles {
  constructor(readonly directory: string) {}

  /**
   * Temporary files left by a crash are never completed: remove them. Shared with other processes, only those
   * untouched for an hour: a fresh one may be another process's upload in flight.
   */
  async prepare(shared = false): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const abandoned = Date.now() - 3600_000;
    for (const name of await readdir(this.directory)) {
      if (!name.startsWith(tempPrefix)) continue;
      const file = path.join(this.directory, name);
      const modified = shared ? (await stat(file).catch(() => null))?.mtimeMs : 0;
      if (modified !== undefined && modified < abandoned) await rm(file, { force: true });
    }
  }

  /** Streams into a temporary file, hashing as it goes; the file is removed if anything fails. */
  async writeTemp(source: NodeJS.ReadableStream): Promise<TempFile> {
    const tempPath = path.join(this.directory, `${tempPrefix}${randomHex(12)}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(tempPath));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { path: tempPath, size, sha256: hash.digest('hex') };
  }

  read(file: string): Promise<Buffer> {
    return readFile(file);
  }

  async commit(temp: TempFile, fileName: string): Promise<void> {
    await rename(temp.path, this.pathOf(fileName));
  }

  async discard(filePath: string): Promise<void> {
    await rm(filePath, { force: true });
  }

  pathOf(fileName: string): string {
    return path.join(this.directory, path.basename(fileName));
  }

  async remove(fileName: string): Promise<void> {
    await rm(this.pathOf(fileName), { force: true });
  }

  async size(fileName: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(fileName))).size;
    } catch {
      return null;
    }
  }

  /** Health: can the sandbox still write here? */
  async writable(): Promise<boolean> {
    const probe = path.join(this.directory, `.health-${randomHex(6)}`);
    try {
      await writeFile(probe, 'ok');
      await unlink(probe);
      return true;
    } catch {
      return false;
    }
  }
}
