import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptFile,
  encryptFile,
  FileDecryptionError,
  FileKeyring,
  FORMAT_HEADER,
  SEGMENT_BYTES,
  SegmentEncryptor,
} from './file-crypto.js';

const FILE_ID = '6f1c9a52-3b7e-4c1d-9a8e-0d2b4c6e8f10';
const keyring = new FileKeyring(
  new Map([
    ['v1', randomBytes(32)],
    ['v2', randomBytes(32)],
  ]),
  'v2',
);

function reason(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FileDecryptionError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('file encryption', () => {
  it.each([0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 17])(
    'round-trips %i bytes, fed in uneven chunks',
    (size) => {
      const plaintext = randomBytes(size);
      const key = randomBytes(32);
      const encryptor = new SegmentEncryptor(key);
      const out: Buffer[] = [];
      for (let offset = 0; offset < size; offset += 10_007) out.push(encryptor.push(plaintext.subarray(offset, offset + 10_007)));
      out.push(encryptor.finish());
      const sealed = Buffer.concat(out);
      expect(sealed.subarray(0, 4)).toEqual(FORMAT_HEADER);
      expect(decryptFile(key, sealed).equals(plaintext)).toBe(true);
      // Whole-buffer encryption produces the same layout.
      expect(decryptFile(key, encryptFile(key, plaintext)).equals(plaintext)).toBe(true);
    },
  );

  it('detects a flipped bit, a truncation at a segment boundary, reordered segments and a wrong key', () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(2 * SEGMENT_BYTES + 100);
    const sealed = encryptFile(key, plaintext);
    const flipped = Buffer.from(sealed);
    flipped[SEGMENT_BYTES + 50]! ^= 0x01;
    expect(reason(() => decryptFile(key, flipped))).toBe('segment_failed');
    const segment = SEGMENT_BYTES + 16;
    expect(reason(() => decryptFile(key, sealed.subarray(0, 4 + 2 * segment)))).toBe('segment_failed');
    const swapped = Buffer.concat([
      sealed.subarray(0, 4),
      sealed.subarray(4 + segment, 4 + 2 * segment),
      sealed.subarray(4, 4 + segment),
      sealed.subarray(4 + 2 * segment),
    ]);
    expect(reason(() => decryptFile(key, swapped))).toBe('segment_failed');
    expect(reason(() => decryptFile(randomBytes(32), sealed))).toBe('segment_failed');
    expect(reason(() => decryptFile(key, Buffer.from('not a file')))).toBe('bad_header');
  });

  it('wraps data keys per file and key version; a wrap is bound to its file id', () => {
    const { dataKey, keyId, wrappedKey } = keyring.newDataKey(FILE_ID);
    expect(keyId).toBe('v2');
    expect(keyring.unwrap(FILE_ID, keyId, wrappedKey)).toEqual(dataKey);
    expect(reason(() => keyring.unwrap('00000000-0000-4000-8000-000000000000', keyId, wrappedKey))).toBe('unwrap_failed');
    expect(reason(() => keyring.unwrap(FILE_ID, 'v1', wrappedKey))).toBe('unwrap_failed');
    expect(reason(() => keyring.unwrap(FILE_ID, 'v9', wrappedKey))).toBe('unknown_key');
    // Rotation: a key wrapped under v1 is re-wrapped under the current version, same data key.
    const old = keyring.wrap(FILE_ID, 'v1', dataKey);
    const rotated = keyring.rewrap(FILE_ID, 'v1', old);
    expect(rotated.keyId).toBe('v2');
    expect(keyring.unwrap(FILE_ID, rotated.keyId, rotated.wrappedKey)).toEqual(dataKey);
  });
});
