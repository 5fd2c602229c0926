import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where encrypted file bytes live: the port every backend implements. The store only ever sees
 * ciphertext; encryption, type checks and the `stored_files` rows are the file service's job, so
 * an S3-compatible backend is this interface and nothing more (see docs/files.md).
 */
export interface FileStore {
  readonly kind: string;
  /** Starts writing the object `id`. Nothing is visible under `id` until commit(). */
  begin(id: string): Promise<PendingObject>;
  /** The whole object, or a StoredObjectMissing error. */
  get(id: string): Promise<Buffer>;
  /** Removes the object; removing a missing one is not an error. */
  delete(id: string): Promise<void>;
  /** Whether the object exists (operators' consistency checks and tests). */
  exists(id: string): Promise<boolean>;
}

export interface PendingObject {
  write(chunk: Buffer): Promise<void>;
  /** Makes the object visible under its id, atomically. */
  commit(): Promise<void>;
  /** Leaves nothing behind. Safe to call after a failed write or twice. */
  abort(): Promise<void>;
}

export class StoredObjectMissing extends Error {
  constructor(readonly id: string) {
    super(`stored object ${id} is missing`);
    this.name = 'StoredObjectMissing';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Object names are generated uuids: anything else would be a path into the file system. */
function checkedId(id: string): string {
  if (!UUID.test(id)) throw new Error('stored object ids are lower-case uuids');
  return id;
}

/**
 * `$DATA_DIR/files`: objects under `objects/<first two hex digits>/<id>`, partial writes under
 * `tmp/` (renamed into place on commit, so a crash never leaves a half-written object under a
 * real id). Directories are 0700 and files 0600; nothing here is ever served as a static folder.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';
  constructor(readonly root: string) {}

  objectPath(id: string): string {
    const safe = checkedId(id);
    return path.join(this.root, 'objects', safe.slice(0, 2), safe);
  }

  async begin(id: string): Promise<PendingObject> {
    const target = this.objectPath(id);
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${id}.${randomUUID()}.part`);
    let handle: FileHandle | undefined = await open(tmp, 'wx', 0o600);
    let done = false;
    const close = async () => {
      const h = handle;
      handle = undefined;
      await h?.close();
    };
    return {
      async write(chunk) {
        if (!handle) throw new Error('the object is already closed');
        await handle.write(chunk);
      },
      async commit() {
        if (!handle) throw new Error('the object is already closed');
        await handle.sync();
        await close();
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await rename(tmp, target);
        done = true;
      },
      async abort() {
        if (done) return;
        await close().catch(() => {});
        await rm(tmp, { force: true });
      },
    };
  }

  async get(id: string): Promise<Buffer> {
    try {
      return await readFile(this.objectPath(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredObjectMissing(id);
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await rm(this.objectPath(id), { force: true });
  }

  async exists(id: string): Promise<boolean> {
    try {
      return (await stat(this.objectPath(id))).isFile();
    } catch {
      return false;
    }
  }
}
