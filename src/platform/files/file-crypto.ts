import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for stored files (see docs/files.md).
 *
 * - Every file gets a fresh random 256-bit data key. Its bytes are encrypted with AES-256-GCM in
 *   segments of 64 KiB, each with its own tag, so a reader can check each segment before using
 *   it and large files never have to be held in memory to be authenticated. Segment nonces are a
 *   counter plus a "last segment" flag (the key is used for one file only, so they never repeat);
 *   reordering, dropping or truncating segments fails authentication.
 * - The data key is wrapped (AES-256-GCM) with a master key named by a key id, with the file id
 *   as associated data: a blob copied under another file's id does not decrypt. Rotation adds a
 *   master key version and re-wraps the data keys; the file bytes are not rewritten.
 */

export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
/** "CWF" and a format version, authenticated as associated data of every segment. */
export const FORMAT_HEADER = Buffer.from([0x43, 0x57, 0x46, 0x01]);

export class FileDecryptionError extends Error {
  constructor(readonly reason: 'unknown_key' | 'unwrap_failed' | 'bad_header' | 'segment_failed' | 'truncated') {
    super(`stored file could not be decrypted (${reason})`);
    this.name = 'FileDecryptionError';
  }
}

/** Master keys by id; `current` wraps new files. */
export class FileKeyring {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
  ) {
    if (!keys.has(currentKeyId)) throw new Error(`File master key ${currentKeyId} is missing`);
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`File master key ${id} must be 32 bytes`);
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new FileDecryptionError('unknown_key');
    return key;
  }

  private static aad(fileId: string, keyId: string): Buffer {
    return Buffer.from(`carewell-file:${fileId}:${keyId}`, 'utf8');
  }

  /** A new data key and its wrapped form under the current master key. */
  newDataKey(fileId: string): { dataKey: Buffer; keyId: string; wrappedKey: string } {
    const dataKey = randomBytes(32);
    return { dataKey, keyId: this.currentKeyId, wrappedKey: this.wrap(fileId, this.currentKeyId, dataKey) };
  }

  wrap(fileId: string, keyId: string, dataKey: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    cipher.setAAD(FileKeyring.aad(fileId, keyId));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  unwrap(fileId: string, keyId: string, wrappedKey: string): Buffer {
    const key = this.key(keyId);
    const raw = Buffer.from(wrappedKey, 'base64url');
    if (raw.length !== 12 + TAG_BYTES + 32) throw new FileDecryptionError('unwrap_failed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(FileKeyring.aad(fileId, keyId));
      decipher.setAuthTag(raw.subarray(12, 12 + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(12 + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new FileDecryptionError('unwrap_failed');
    }
  }

  /** Re-wraps a data key under the current master key (rotation); returns the new key id and wrap. */
  rewrap(fileId: string, keyId: string, wrappedKey: string): { keyId: string; wrappedKey: string } {
    const dataKey = this.unwrap(fileId, keyId, wrappedKey);
    return { keyId: this.currentKeyId, wrappedKey: this.wrap(fileId, this.currentKeyId, dataKey) };
  }
}

function nonce(index: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(index, 7);
  iv[11] = last ? 1 : 0;
  return iv;
}

function sealSegment(dataKey: Buffer, index: number, last: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce(index, last));
  cipher.setAAD(FORMAT_HEADER);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

function openSegment(dataKey: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new FileDecryptionError('truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce(index, last));
    decipher.setAAD(FORMAT_HEADER);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new FileDecryptionError('segment_failed');
  }
}

/** Encrypts a stream of chunks: push() returns sealed bytes ready to write, finish() the rest. */
export class SegmentEncryptor {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private started = false;

  constructor(private readonly dataKey: Buffer) {}

  push(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    if (!this.started) {
      out.push(FORMAT_HEADER);
      this.started = true;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= SEGMENT_BYTES) {
      let buffered = Buffer.concat(this.pending);
      // Full segments go out as soon as they are complete; the last one is always shorter.
      while (buffered.length >= SEGMENT_BYTES) {
        out.push(sealSegment(this.dataKey, this.index++, false, buffered.subarray(0, SEGMENT_BYTES)));
        buffered = buffered.subarray(SEGMENT_BYTES);
      }
      this.pending = [buffered];
      this.pendingBytes = buffered.length;
    }
    return Buffer.concat(out);
  }

  finish(): Buffer {
    const head = this.started ? [] : [FORMAT_HEADER];
    this.started = true;
    const last = sealSegment(this.dataKey, this.index++, true, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
    return Buffer.concat([...head, last]);
  }
}

/** Decrypts a whole sealed file, authenticating every segment and the end of the file. */
export function decryptFile(dataKey: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < FORMAT_HEADER.length || !sealed.subarray(0, FORMAT_HEADER.length).equals(FORMAT_HEADER)) {
    throw new FileDecryptionError('bad_header');
  }
  const parts: Buffer[] = [];
  let offset = FORMAT_HEADER.length;
  let index = 0;
  const full = SEGMENT_BYTES + TAG_BYTES;
  while (sealed.length - offset > full) {
    parts.push(openSegment(dataKey, index++, false, sealed.subarray(offset, offset + full)));
    offset += full;
  }
  parts.push(openSegment(dataKey, index, true, sealed.subarray(offset)));
  return Buffer.concat(parts);
}

/** Encrypts a whole buffer (tests and small internal files). */
export function encryptFile(dataKey: Buffer, plaintext: Buffer): Buffer {
  const encryptor = new SegmentEncryptor(dataKey);
  return Buffer.concat([encryptor.push(plaintext), encryptor.finish()]);
}
