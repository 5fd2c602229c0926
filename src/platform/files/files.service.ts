import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import type { FileKeyring } from './file-crypto.js';
import { decryptFile, FileDecryptionError, SegmentEncryptor } from './file-crypto.js';
import { StoredObjectMissing, type FileStore, type PendingObject } from './file-store.js';
import { contradictsDeclared, detectFileType, FILE_TYPES, SNIFF_BYTES, type FileType, type FileTypeName } from './file-types.js';
import { storedFiles, type StoredFileRow } from './files.tables.js';

export interface StoreUploadInput {
  /** A code naming what the file is for, e.g. `staff_photo`. */
  purpose: string;
  allowedTypes: readonly FileTypeName[];
  maxBytes: number;
  stream: AsyncIterable<Buffer | Uint8Array | string>;
  /** What the client said (multipart part headers): checked against the bytes, never trusted. */
  declaredType?: string;
  filename?: string;
  createdBy: string | null;
  now: Date;
}

export type StoredFile = Omit<StoredFileRow, 'wrappedKey'>;

const publicView = ({ wrappedKey: _wrapped, ...file }: StoredFileRow): StoredFile => file;

const typeNames = (types: readonly FileTypeName[]) => types.map((t) => FILE_TYPES[t].extension.toUpperCase()).join(', ');

/**
 * Stores and reads encrypted files: the only way modules touch file bytes. Rows go through the
 * database handle the caller passes; bytes go through the configured FileStore.
 */
export class FileService {
  constructor(
    readonly store: FileStore,
    private readonly keyring: FileKeyring,
    private readonly logger: Logger,
  ) {}

  /**
   * Streams an upload into the store: checks the type by its first bytes, enforces the size limit
   * while reading (413 as soon as it is exceeded), encrypts as it goes and records the row. On any
   * failure nothing is left: no row, no object, no partial file.
   *
   * Call it OUTSIDE a transaction you may still roll back (or delete the file if you do): the
   * object is written before the row, and a rolled-back row leaves an unreadable orphan blob.
   */
  async storeUpload(db: Db, input: StoreUploadInput): Promise<StoredFile> {
    const id = randomUUID();
    const { dataKey, keyId, wrappedKey } = this.keyring.newDataKey(id);
    const encryptor = new SegmentEncryptor(dataKey);
    const hash = createHash('sha256');
    let pending: PendingObject | undefined;
    let head: Buffer[] = [];
    let headBytes = 0;
    let type: FileType | undefined;
    let size = 0;

    const accept = async (sniffed: Buffer) => {
      const detected = detectFileType(sniffed);
      if (!detected || !(input.allowedTypes as readonly string[]).includes(detected.contentType)) {
        throw new AppError('unsupported_media_type', `The file must be one of: ${typeNames(input.allowedTypes)}.`);
      }
      if (contradictsDeclared(detected, { contentType: input.declaredType, filename: input.filename })) {
        throw new AppError(
          'unsupported_media_type',
          `The file's contents do not match its declared type. Send one of: ${typeNames(input.allowedTypes)}.`,
        );
      }
      type = detected;
      pending = await this.store.begin(id);
    };
    const write = async (chunk: Buffer) => {
      hash.update(chunk);
      const sealed = encryptor.push(chunk);
      if (sealed.length) await pending!.write(sealed);
    };

    try {
      for await (const piece of input.stream) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += chunk.length;
        if (size > input.maxBytes) {
          throw new AppError('payload_too_large', `The file is larger than the limit of ${input.maxBytes} bytes.`, {
            maxBytes: input.maxBytes,
          });
        }
        if (!type) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes < SNIFF_BYTES) continue;
          const buffered = Buffer.concat(head);
          head = [];
          await accept(buffered);
          await write(buffered);
          continue;
        }
        await write(chunk);
      }
      if (!type) {
        const buffered = Buffer.concat(head);
        await accept(buffered);
        await write(buffered);
      }
      await pending!.write(encryptor.finish());
      await pending!.commit();
    } catch (error) {
      await pending?.abort();
      throw error;
    }

    const row: StoredFileRow = {
      id,
      purpose: input.purpose,
      contentType: type!.contentType,
      sizeBytes: size,
      sha256: hash.digest('hex'),
      keyId,
      wrappedKey,
      createdBy: input.createdBy,
      createdAt: input.now,
    };
    try {
      await db.insert(storedFiles).values(row);
    } catch (error) {
      await this.store.delete(id);
      throw error;
    }
    return publicView(row);
  }

  /** The row of a stored file, or undefined. */
  async findStoredFile(db: Db, id: string): Promise<StoredFile | undefined> {
    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
    return row ? publicView(row) : undefined;
  }

  /**
   * Reads, decrypts and verifies a file. A missing object, a failed authentication tag or a
   * SHA-256 that does not match is logged (ids and reasons only) and answers 500: damaged bytes
   * are never returned.
   */
  async readStoredFile(db: Db, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
    if (!row) throw notFound('The file');
    const fail = (reason: string): AppError => {
      this.logger.error(
        { fileId: row.id, purpose: row.purpose, keyId: row.keyId, store: this.store.kind, reason },
        'stored file failed its integrity check',
      );
      return new AppError('internal_error', 'The file could not be read. The incident has been logged.');
    };
    let sealed: Buffer;
    try {
      sealed = await this.store.get(row.id);
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw fail('missing');
      throw error;
    }
    let bytes: Buffer;
    try {
      bytes = decryptFile(this.keyring.unwrap(row.id, row.keyId, row.wrappedKey), sealed);
    } catch (error) {
      if (error instanceof FileDecryptionError) throw fail(error.reason);
      throw error;
    }
    if (bytes.length !== row.sizeBytes || createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw fail('checksum_mismatch');
    return { file: publicView(row), bytes };
  }

  /**
   * Deletes the row (with the handle given, which may be a transaction) and returns a function
   * that removes the bytes: call it after the transaction commits. Without the row the bytes
   * cannot be decrypted, so a blob left behind by a crash is unreadable.
   */
  async deleteStoredFile(db: Db, id: string): Promise<() => Promise<void>> {
    await db.delete(storedFiles).where(eq(storedFiles.id, id));
    return async () => {
      try {
        await this.store.delete(id);
      } catch (error) {
        this.logger.warn({ fileId: id, err: { code: (error as NodeJS.ErrnoException).code } }, 'stored file bytes could not be removed');
      }
    };
  }
}
