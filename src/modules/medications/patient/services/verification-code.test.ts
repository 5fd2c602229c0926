import { describe, expect, it } from 'vitest';
import { CODE_BITS, generateVerificationCode, hashVerificationCode, normaliseVerificationCode } from './verification-code.js';

describe('prescription verification codes', () => {
  it('carry at least 80 bits, grouped in fives, and differ every time', () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(80);
    const codes = new Set(Array.from({ length: 200 }, () => generateVerificationCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  });

  it('read back whatever the case, spacing and look-alike letters', () => {
    const code = generateVerificationCode();
    const compact = code.replace(/-/g, '');
    expect(normaliseVerificationCode(code)).toBe(compact);
    expect(normaliseVerificationCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(compact);
    expect(normaliseVerificationCode('O0OOO-IIIII-LLLLL-00000')).toBe('00000111111111100000');
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseVerificationCode('')).toBeNull();
    expect(normaliseVerificationCode('ABCDE-ABCDE-ABCDE')).toBeNull();
    expect(normaliseVerificationCode('ABCDE-ABCDE-ABCDE-ABCDU')).toBeNull();
    expect(normaliseVerificationCode('ABCDE-ABCDE-ABCDE-ABCD!')).toBeNull();
  });

  it('hash to 64 hex characters, the same for the same code', () => {
    const h = hashVerificationCode('00000111111111100000');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashVerificationCode('00000111111111100000')).toBe(h);
    expect(hashVerificationCode('00000111111111100001')).not.toBe(h);
  });
});
