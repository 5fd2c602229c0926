import { describe, expect, it } from 'vitest';
import { homeFor, safeNext } from './identity-http.js';
import { hashRecoveryCode, newRecoveryCodes } from './services/second-factor.service.js';
import { FAILURES_BEFORE_LOCK, lockDurationMs, MAX_LOCK_MS, throttleKey } from './services/throttle.service.js';

describe('account throttle', () => {
  it('locks from the fifth failure for 30 s, doubling up to 15 minutes', () => {
    expect(lockDurationMs(FAILURES_BEFORE_LOCK - 1)).toBe(0);
    expect(lockDurationMs(5)).toBe(30_000);
    expect(lockDurationMs(6)).toBe(60_000);
    expect(lockDurationMs(7)).toBe(120_000);
    expect(lockDurationMs(9)).toBe(480_000);
    expect(lockDurationMs(10)).toBe(MAX_LOCK_MS);
    expect(lockDurationMs(100)).toBe(MAX_LOCK_MS);
  });

  it('keys by a hash of the lower-cased address, never the address itself', () => {
    expect(throttleKey(' Ana@Example.org ')).toBe(throttleKey('ana@example.org'));
    expect(throttleKey('ana@example.org')).not.toContain('ana');
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes in an unambiguous alphabet', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
  });

  it('match whatever the case, spaces or dashes', () => {
    expect(hashRecoveryCode('abcde fghjk')).toBe(hashRecoveryCode('ABCDE-FGHJK'));
    expect(hashRecoveryCode('ABCDE-FGHJK')).not.toBe(hashRecoveryCode('ABCDE-FGHJM'));
  });
});

describe('redirects after sign-in', () => {
  it('honours only local paths', () => {
    expect(safeNext('/portal/profile')).toBe('/portal/profile');
    expect(safeNext('//evil.example/')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext(undefined)).toBeNull();
  });

  // Each of these left the site (or answered 500) before safeNext decoded and resolved the value.
  const hostile = [
    '/\t/evil.example/',
    '/%09/evil.example/',
    '/\n/evil.example',
    '/%0a/evil.example',
    '/portal\r\nSet-Cookie: x=1',
    '/%0d%0aSet-Cookie:%20x=1',
    '/\\evil.example',
    '/%5Cevil.example',
    '/%5C%5Cevil.example',
    '//evil.example',
    '/%2F%2Fevil.example',
    '/%2Fevil.example',
    '%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/%00/evil.example',
    'https:evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    ' /portal',
    '/%E0%A4%A',
    `/${'a'.repeat(600)}`,
  ];
  it.each(hostile)('refuses %j', (value) => {
    expect(safeNext(value)).toBeNull();
  });

  it.each([
    ['/portal/profile', '/portal/profile'],
    ['/staff/patients?query=Jos%C3%A9&limit=20', '/staff/patients?query=Jos%C3%A9&limit=20'],
    ['/staff/patients/1/chart#notes', '/staff/patients/1/chart#notes'],
    ['/portal/../staff', '/staff'],
    ['/portal/caf\u00e9', '/portal/caf%C3%A9'],
  ])('keeps the same-origin path %j', (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });

  it('sends each role home', () => {
    expect(homeFor('patient')).toBe('/portal');
    expect(homeFor('admin')).toBe('/admin/staff');
    expect(homeFor('pharmacist')).toBe('/staff');
  });
});
