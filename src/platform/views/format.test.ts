import { describe, expect, it } from 'vitest';
import {
  cachedDateTimeFormat,
  effectiveTimeZone,
  hospitalTimeZone,
  setHospitalTimeZone,
  styledDateTimeFormat,
} from '../time/zoned-time.js';
import {
  ageOn,
  formatCalendarDate,
  formatNumber,
  formatZonedDate,
  formatZonedDateTime,
  formatZonedTime,
  formatZonedTimeRange,
} from './format.js';

describe('ageOn', () => {
  it('counts a birthday only once it has come', () => {
    expect(ageOn('1980-11-27', new Date('2026-11-27T00:00:00Z'))).toBe(46);
    expect(ageOn('1980-11-28', new Date('2026-11-27T23:59:59Z'))).toBe(45);
    expect(ageOn('1980-12-01', new Date('2026-11-27T09:00:00Z'))).toBe(45);
    expect(ageOn('2026-01-01', new Date('2026-11-27T09:00:00Z'))).toBe(0);
  });
});

describe('zoned formatting: the viewer’s zone, named', () => {
  const at = new Date('2026-12-01T09:00:00Z');
  const end = new Date('2026-12-01T09:15:00Z');

  it('shows one instant as each zone’s wall time, with the zone’s name', () => {
    expect(formatZonedTime('en', at, 'Europe/Paris')).toBe('10:00 AM (Europe/Paris)');
    expect(formatZonedTime('en', at, 'America/New_York')).toBe('4:00 AM (America/New_York)');
    expect(formatZonedTime('fr', at, 'Asia/Tokyo')).toBe('18:00 (Asia/Tokyo)');
    expect(formatZonedTimeRange('en', at, end, 'Europe/Paris')).toBe('10:00 AM–10:15 AM (Europe/Paris)');
    expect(formatZonedDateTime('en', at, 'Asia/Tokyo')).toBe('Dec 1, 2026, 6:00 PM (Asia/Tokyo)');
  });

  it('dates: an instant’s date depends on the zone, a calendar date never does', () => {
    const lateEvening = new Date('2026-12-01T23:30:00Z');
    expect(formatZonedDate('en', lateEvening, 'UTC')).toBe('Dec 1, 2026');
    expect(formatZonedDate('en', lateEvening, 'Asia/Tokyo')).toBe('Dec 2, 2026');
    expect(formatCalendarDate('en', '2026-12-01')).toBe('Dec 1, 2026');
  });

  it('builds each formatter once per locale, zone and options', () => {
    const options = { timeStyle: 'short', timeZone: 'Europe/Paris' } as const;
    expect(cachedDateTimeFormat('en', options)).toBe(cachedDateTimeFormat('en', { ...options }));
    expect(cachedDateTimeFormat('en', options)).not.toBe(cachedDateTimeFormat('fr', options));
    expect(cachedDateTimeFormat('en', options)).not.toBe(cachedDateTimeFormat('en', { ...options, timeZone: 'UTC' }));
  });

  it('by style: one formatter per locale, zone, date style and time style, the same as by options', () => {
    const styled = styledDateTimeFormat('en', 'Europe/Paris', { dateStyle: 'short', timeStyle: 'short' });
    expect(styled).toBe(cachedDateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }));
    const others = [
      styledDateTimeFormat('fr', 'Europe/Paris', { dateStyle: 'short', timeStyle: 'short' }),
      styledDateTimeFormat('en', 'UTC', { dateStyle: 'short', timeStyle: 'short' }),
      styledDateTimeFormat('en', 'Europe/Paris', { dateStyle: 'medium', timeStyle: 'short' }),
      styledDateTimeFormat('en', 'Europe/Paris', { dateStyle: 'short' }),
      styledDateTimeFormat('en', 'Europe/Paris', { timeStyle: 'short' }),
    ];
    expect(new Set([styled, ...others]).size).toBe(6);
    expect(others[4]!.format(at)).toBe('10:00 AM');
    expect(others[3]!.resolvedOptions()).toMatchObject({ timeZone: 'Europe/Paris', dateStyle: 'short' });
  });

  it('an account without a zone (or with an unknown one) sees the hospital’s', () => {
    const before = hospitalTimeZone();
    setHospitalTimeZone('Europe/Paris');
    try {
      expect(effectiveTimeZone(null)).toBe('Europe/Paris');
      expect(effectiveTimeZone('Mars/Base')).toBe('Europe/Paris');
      expect(effectiveTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
      expect(() => setHospitalTimeZone('Nowhere/Else')).toThrow(RangeError);
    } finally {
      setHospitalTimeZone(before);
    }
  });
});

describe('formatNumber', () => {
  it("writes a number in the viewer's locale, with the options given", () => {
    expect(formatNumber('en', 1234.56, { maximumFractionDigits: 1 })).toBe('1,234.6');
    expect(formatNumber('fr', 1234.5, { maximumFractionDigits: 1 })).toBe('1\u202f234,5');
    expect(formatNumber('ar', 37.5, { maximumFractionDigits: 1 })).toBe(
      new Intl.NumberFormat('ar', { maximumFractionDigits: 1 }).format(37.5),
    );
    expect(formatNumber('en', 0.25, { style: 'percent' })).toBe('25%');
    // The same settings again come from the cache and answer the same.
    expect(formatNumber('en', 1234.56, { maximumFractionDigits: 1 })).toBe('1,234.6');
  });
});
