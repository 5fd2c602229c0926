import { describe, expect, it } from 'vitest';
import { DEFAULT_TESTS, type CatalogueRange } from './labs.catalogue-defaults.js';
import { ageInYears, convertToUnit, flagFor, isValidUcum, rangeFor } from './labs.ranges.js';

const fixture: CatalogueRange = { sex: 'any', ageMin: 0, ageMax: null, low: 3.5, high: 5.1, criticalLow: 2.8, criticalHigh: 6.2 };

describe('flags at every edge of the range (fixture potassium 3.5–5.1, critical 2.8 / 6.2)', () => {
  it.each([
    [2.7, 'critical_low'],
    [2.79, 'critical_low'],
    [2.8, 'low'], // at the critical limit: not critical (Kost: outside the limit)
    [2.81, 'low'],
    [3.49, 'low'],
    [3.5, 'normal'], // the interval's ends are normal
    [4.2, 'normal'],
    [5.1, 'normal'],
    [5.11, 'high'],
    [6.2, 'high'],
    [6.21, 'critical_high'],
    [6.3, 'critical_high'],
  ])('%s → %s', (value, flag) => {
    expect(flagFor(value, fixture)).toBe(flag);
  });

  it('no range for the patient: no flag; open-ended limits are skipped', () => {
    expect(flagFor(5, undefined)).toBeNull();
    const upperOnly: CatalogueRange = { sex: 'any', ageMin: 0, ageMax: null, low: null, high: 16, criticalLow: null, criticalHigh: 16 };
    expect(flagFor(0, upperOnly)).toBe('normal');
    expect(flagFor(16, upperOnly)).toBe('normal');
    expect(flagFor(16.5, upperOnly)).toBe('critical_high');
  });
});

describe('the range for sex and age at collection', () => {
  const ranges: CatalogueRange[] = [
    { ...fixture, sex: 'any', ageMin: 0, ageMax: 18, low: 1, high: 2 },
    { ...fixture, sex: 'female', ageMin: 18, ageMax: null, low: 3, high: 4 },
    { ...fixture, sex: 'male', ageMin: 18, ageMax: null, low: 5, high: 6 },
    { ...fixture, sex: 'any', ageMin: 18, ageMax: null, low: 7, high: 8 },
  ];
  it('age bands: ageMin inclusive, ageMax exclusive', () => {
    expect(rangeFor(ranges, 'female', 17)?.low).toBe(1);
    expect(rangeFor(ranges, 'female', 18)?.low).toBe(3);
    expect(rangeFor(ranges, 'male', 18)?.low).toBe(5);
    expect(rangeFor(ranges, 'male', 0)?.low).toBe(1);
  });
  it('a sex-specific row before the any row; other/unknown sex gets the any row', () => {
    expect(rangeFor(ranges, 'other', 40)?.low).toBe(7);
    expect(rangeFor(ranges, null, 40)?.low).toBe(7);
    expect(rangeFor(ranges.slice(0, 3), 'unknown', 40)).toBeUndefined();
  });
  it('age in completed years at the collection instant, birthday edges', () => {
    expect(ageInYears('2008-12-04', new Date('2026-12-03T23:59:59Z'))).toBe(17);
    expect(ageInYears('2008-12-04', new Date('2026-12-04T00:00:00Z'))).toBe(18);
    expect(ageInYears('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(17);
    expect(ageInYears('2008-02-29', new Date('2026-03-01T12:00:00Z'))).toBe(18);
  });
  it('default hemoglobin: a 17-year-old and an 18-year-old woman get different ranges', () => {
    const hgb = DEFAULT_TESTS.find((t) => t.code === 'HGB')!;
    expect(rangeFor(hgb.ranges, 'female', 17)?.low).toBe(11);
    expect(rangeFor(hgb.ranges, 'female', 18)?.low).toBe(12);
    expect(rangeFor(hgb.ranges, 'male', 18)?.low).toBe(13.5);
  });
});

describe('unit conversion through UCUM', () => {
  it('glucose 90 mg/dL ↔ 4.996 mmol/L with its molar mass (180.156)', () => {
    expect(convertToUnit(90, 'mg/dL', 'mmol/L', 180.156)).toBeCloseTo(4.9957, 3);
    expect(convertToUnit(5, 'mmol/L', 'mg/dL', 180.156)).toBeCloseTo(90.078, 2);
  });
  it('same dimension without a molar mass: g/L → g/dL, 10*9/L → 10*3/uL', () => {
    expect(convertToUnit(66, 'g/L', 'g/dL', null)).toBeCloseTo(6.6, 9);
    expect(convertToUnit(37, '10*9/L', '10*3/uL', null)).toBeCloseTo(37, 9);
  });
  it('mass ↔ substance without a molar mass, or unrelated units: null', () => {
    expect(convertToUnit(90, 'mg/dL', 'mmol/L', null)).toBeNull();
    expect(convertToUnit(1, 'mmol/L', 'kg', 180)).toBeNull();
    expect(convertToUnit(1, 'not-a-unit', 'mmol/L', null)).toBeNull();
  });
  it('every default unit is valid UCUM', () => {
    for (const test of DEFAULT_TESTS) if (test.unit) expect(isValidUcum(test.unit), test.code).toBe(true);
  });
});
