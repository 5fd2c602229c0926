import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { makeJpeg, makePng, PNG_SIGNATURE } from '../../../test/helpers/uploads.js';
import { AppError } from '../errors.js';
import { LocalFileStore } from './file-store.js';
import { FileService } from './files.service.js';
import { storedFiles } from './files.tables.js';
import { fileKeyring } from './index.js';
import { filesUnder } from '../../../test/helpers/files-on-disk.js';

describe('encrypted file store', () => {
  const t = useTestApp();
  const root = mkdtempSync(path.join(tmpdir(), 'carewell-files-'));
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  let files: FileService;
  let store: LocalFileStore;

  beforeAll(() => {
    store = new LocalFileStore(root);
    files = new FileService(store, fileKeyring('file-test-secret-0123456789abcdef0123456789'), logger);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const objectCount = () => filesUnder(path.join(root, 'objects')).length;
  const tmpCount = () => filesUnder(path.join(root, 'tmp')).length;
  const rowCount = async () => (await t.db.select({ id: storedFiles.id }).from(storedFiles)).length;

  /** Yields the bytes in chunks, counting how many chunks were pulled. */
  function chunked(data: Buffer, size = 16_384) {
    const state = { pulled: 0 };
    const stream = (async function* () {
      for (let offset = 0; offset < data.length; offset += size) {
        state.pulled += 1;
        yield data.subarray(offset, offset + size);
      }
    })();
    return { stream, state };
  }

  const upload = (data: Buffer, extra: Partial<Parameters<FileService['storeUpload']>[1]> = {}) =>
    files.storeUpload(t.db, {
      purpose: 'test',
      allowedTypes: ['image/png', 'image/jpeg'],
      maxBytes: 1024 * 1024,
      stream: chunked(data).stream,
      createdBy: null,
      now: t.clock.now(),
      ...extra,
    });

  async function rejection(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('stores a file encrypted under a generated id, with its sha256, and reads the same bytes back', async () => {
    const png = makePng({ text: 'known-chunk-value', padding: 200_000 });
    const stored = await upload(png, { declaredType: 'image/png', filename: 'me.png' });
    const [row] = await t.db.select().from(storedFiles).where(eq(storedFiles.id, stored.id));
    expect(row).toMatchObject({
      purpose: 'test',
      contentType: 'image/png',
      sizeBytes: png.length,
      keyId: 'v1',
      sha256: createHash('sha256').update(png).digest('hex'),
    });
    const onDisk = readFileSync(store.objectPath(stored.id));
    expect(onDisk.includes(PNG_SIGNATURE)).toBe(false);
    expect(onDisk.includes(Buffer.from('IHDR'))).toBe(false);
    expect(onDisk.includes(Buffer.from('known-chunk-value'))).toBe(false);
    expect(onDisk.length).toBeGreaterThan(png.length);
    expect(tmpCount()).toBe(0);
    const read = await files.readStoredFile(t.db, stored.id);
    expect(read.bytes.equals(png)).toBe(true);
    expect(read.file).not.toHaveProperty('wrappedKey');
  });

  it('refuses a type not allowed, or bytes that contradict the declared type, leaving nothing', async () => {
    const before = { rows: await rowCount(), objects: objectCount() };
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>'.padEnd(4000, ' '));
    expect((await rejection(upload(html, { declaredType: 'image/png', filename: 'photo.png' }))).code).toBe('unsupported_media_type');
    expect((await rejection(upload(makeJpeg(), { declaredType: 'image/png', filename: 'photo.png' }))).status).toBe(415);
    expect((await rejection(upload(makePng(), { allowedTypes: ['image/jpeg'] }))).status).toBe(415);
    expect((await rejection(upload(Buffer.alloc(0)))).status).toBe(415);
    expect({ rows: await rowCount(), objects: objectCount() }).toEqual(before);
    expect(tmpCount()).toBe(0);
  });

  it('stops reading as soon as the size limit is passed (413), leaving nothing', async () => {
    const before = { rows: await rowCount(), objects: objectCount() };
    const big = makePng({ padding: 3 * 1024 * 1024 });
    const { stream, state } = chunked(big);
    const error = await rejection(
      files.storeUpload(t.db, {
        purpose: 'test',
        allowedTypes: ['image/png'],
        maxBytes: 2 * 1024 * 1024,
        stream,
        createdBy: null,
        now: t.clock.now(),
      }),
    );
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413 });
    // 2 MiB in 16 KiB chunks is 128 chunks: the 129th crossed the limit, and nothing more was read.
    expect(state.pulled).toBe(129);
    expect({ rows: await rowCount(), objects: objectCount() }).toEqual(before);
    expect(tmpCount()).toBe(0);
  });

  it('never returns damaged bytes: a flipped byte, a missing object or a blob under another id is a logged 500', async () => {
    const a = await upload(makePng({ text: 'first' }));
    const b = await upload(makePng({ text: 'second' }));
    const pathA = store.objectPath(a.id);
    const original = readFileSync(pathA);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 40]! ^= 0x01;
    writeFileSync(pathA, flipped);
    logLines.length = 0;
    const damaged = await rejection(files.readStoredFile(t.db, a.id));
    expect(damaged).toMatchObject({ code: 'internal_error', status: 500 });
    const line = JSON.parse(logLines.find((l) => l.includes('integrity'))!);
    expect(line).toMatchObject({ level: 50, fileId: a.id, reason: 'segment_failed', msg: 'stored file failed its integrity check' });

    writeFileSync(pathA, readFileSync(store.objectPath(b.id)));
    expect((await rejection(files.readStoredFile(t.db, a.id))).status).toBe(500);
    rmSync(pathA);
    expect((await rejection(files.readStoredFile(t.db, a.id))).status).toBe(500);
    expect(logLines.some((l) => l.includes('"reason":"missing"'))).toBe(true);
    expect((await rejection(files.readStoredFile(t.db, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });

  it('deletes the row with the given handle and the bytes when asked', async () => {
    const stored = await upload(makeJpeg());
    const removeBytes = await t.db.transaction(async (tx) => files.deleteStoredFile(tx, stored.id));
    expect(await t.db.select().from(storedFiles).where(eq(storedFiles.id, stored.id))).toEqual([]);
    expect(await store.exists(stored.id)).toBe(true);
    await removeBytes();
    expect(await store.exists(stored.id)).toBe(false);
  });

  it('names objects only by uuid', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/uuid/);
  });
});
