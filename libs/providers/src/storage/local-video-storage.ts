import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type LocalCopy, StorageLimitError, VideoStoragePort } from './video-storage.port.js';

/**
 * Videos in a folder (by default under the data directory, `.data/videos`). Writes go to a
 * temporary name and are renamed into place when complete, so a reader never sees half a file.
 */
export class LocalVideoStorage extends VideoStoragePort {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    if (!VideoStoragePort.KEY.test(key)) throw new Error(`invalid storage key "${key}"`);
    return join(this.root, key);
  }

  async write(key: string, body: Readable, maxBytes: number): Promise<{ bytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial-${randomUUID()}`;
    let bytes = 0;
    const counter = new Transform({
      transform(part: Buffer, _encoding, done) {
        bytes += part.length;
        done(bytes > maxBytes ? new StorageLimitError(`larger than the ${maxBytes}-byte limit`) : null, part);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(partial));
      await rename(partial, path);
      return { bytes };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async stat(key: string): Promise<{ bytes: number } | undefined> {
    try {
      const found = await stat(this.pathOf(key));
      return found.isFile() ? { bytes: found.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async localCopy(key: string): Promise<LocalCopy> {
    return { path: this.pathOf(key), release: async () => undefined };
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
