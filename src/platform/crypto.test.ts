import { describe, expect, it } from 'vitest';
import { deriveKey, Encryptor, hashToken, newToken } from './crypto.js';

describe('Encryptor (AES-256-GCM, versioned keys)', () => {
  const v1 = deriveKey('secret-one-0123456789abcdef0123456789', 'columns-v1');
  const v2 = deriveKey('secret-two-0123456789abcdef0123456789', 'columns-v2');

  it('round-trips, never repeats a ciphertext, and names its key', () => {
    const e = new Encryptor({ v1 }, 'v1');
    const a = e.encrypt('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(e.encrypt('JBSWY3DPEHPK3PXP'));
    expect(a.startsWith('v1:')).toBe(true);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(e.decrypt(a)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('detects a flipped byte', () => {
    const e = new Encryptor({ v1 }, 'v1');
    const [id, iv, tag, body] = e.encrypt('secret').split(':');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => e.decrypt([id, iv, tag, flipped.toString('base64url')].join(':'))).toThrow();
  });

  it('reads values sealed under an older key after rotation', () => {
    const old = new Encryptor({ v1 }, 'v1').encrypt('kept');
    const rotated = new Encryptor({ v1, v2 }, 'v2');
    expect(rotated.decrypt(old)).toBe('kept');
    expect(rotated.encrypt('new').startsWith('v2:')).toBe(true);
  });
});

describe('tokens', () => {
  it('are 256-bit and stored only as their hash', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });
});
