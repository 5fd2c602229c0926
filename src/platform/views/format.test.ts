import { describe, expect, it } from 'vitest';
import { ageOn } from './format.js';

describe('ageOn', () => {
  it('counts a birthday only once it has come', () => {
    expect(ageOn('1980-11-27', new Date('2026-11-27T00:00:00Z'))).toBe(46);
    expect(ageOn('1980-11-28', new Date('2026-11-27T23:59:59Z'))).toBe(45);
    expect(ageOn('1980-12-01', new Date('2026-11-27T09:00:00Z'))).toBe(45);
    expect(ageOn('2026-01-01', new Date('2026-11-27T09:00:00Z'))).toBe(0);
  });
});
