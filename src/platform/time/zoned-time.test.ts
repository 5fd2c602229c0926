import { afterAll, describe, expect, it } from 'vitest';
import {
  localDateTimeInputValue,
  addDays,
  daysBetween,
  formatWallTime,
  isValidTimeZone,
  isoWeekday,
  localDateOf,
  localDayHours,
  localTimeToInstant,
  localTimeToInstantOrAfterGap,
  offsetMinutesAt,
  parseWallTime,
  resolveLocalTime,
  wallClockOf,
} from './zoned-time.js';

const iso = (d: Date | undefined) => d?.toISOString();
const originalTz = process.env.TZ;

/**
 * The helper never reads the process zone; each describe runs the same assertions with a
 * different `TZ` (Node re-reads TZ when it is assigned) to prove it.
 */
for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham']) {
  describe(`zoned time with process TZ=${tz}`, () => {
    it('runs under the intended process zone', () => {
      process.env.TZ = tz;
      const expected =
        tz === 'UTC'
          ? 0
          : tz === 'America/New_York'
            ? 300
            : tz === 'Asia/Kolkata'
              ? -330
              : new Date('2026-01-15T00:00:00Z').getTimezoneOffset();
      expect(new Date('2026-01-15T00:00:00Z').getTimezoneOffset()).toBe(expected);
    });

    it('converts ordinary wall times in several zones', () => {
      process.env.TZ = tz;
      expect(iso(localTimeToInstant('2026-01-15', 9 * 60, 'Europe/Paris'))).toBe('2026-01-15T08:00:00.000Z');
      expect(iso(localTimeToInstant('2026-07-15', 9 * 60, 'Europe/Paris'))).toBe('2026-07-15T07:00:00.000Z');
      expect(iso(localTimeToInstant('2026-07-15', 9 * 60, 'America/New_York'))).toBe('2026-07-15T13:00:00.000Z');
      expect(iso(localTimeToInstant('2026-07-15', 9 * 60 + 30, 'Asia/Kolkata'))).toBe('2026-07-15T04:00:00.000Z');
      expect(iso(localTimeToInstant('2026-07-15', 0, 'UTC'))).toBe('2026-07-15T00:00:00.000Z');
      expect(iso(localTimeToInstant('2026-07-15', 24 * 60, 'Europe/Paris'))).toBe('2026-07-15T22:00:00.000Z');
      expect(iso(localTimeToInstant('2026-01-15', 0, 'Pacific/Kiritimati'))).toBe('2026-01-14T10:00:00.000Z');
    });

    it('Europe/Paris 2026-03-29 (23-hour day): 02:00–02:59 do not exist, 01:59 and 03:00 do', () => {
      process.env.TZ = tz;
      expect(resolveLocalTime('2026-03-29', 2 * 60, 'Europe/Paris')).toEqual({ kind: 'nonexistent' });
      expect(resolveLocalTime('2026-03-29', 2 * 60 + 30, 'Europe/Paris')).toEqual({ kind: 'nonexistent' });
      expect(resolveLocalTime('2026-03-29', 2 * 60 + 59, 'Europe/Paris')).toEqual({ kind: 'nonexistent' });
      expect(iso(localTimeToInstant('2026-03-29', 60 + 59, 'Europe/Paris'))).toBe('2026-03-29T00:59:00.000Z');
      expect(iso(localTimeToInstant('2026-03-29', 3 * 60, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
      expect(iso(localTimeToInstantOrAfterGap('2026-03-29', 2 * 60 + 30, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
      expect(localDayHours('2026-03-29', 'Europe/Paris')).toBe(23);
    });

    it('Europe/Paris 2026-10-25 (25-hour day): 02:00–02:59 happen twice, the earlier counts', () => {
      process.env.TZ = tz;
      const resolved = resolveLocalTime('2026-10-25', 2 * 60 + 30, 'Europe/Paris');
      expect(resolved.kind).toBe('repeated');
      expect(iso(resolved.kind === 'repeated' ? resolved.instant : undefined)).toBe('2026-10-25T00:30:00.000Z');
      expect(iso(resolved.kind === 'repeated' ? resolved.later : undefined)).toBe('2026-10-25T01:30:00.000Z');
      expect(iso(localTimeToInstant('2026-10-25', 2 * 60, 'Europe/Paris'))).toBe('2026-10-25T00:00:00.000Z');
      expect(iso(localTimeToInstant('2026-10-25', 3 * 60, 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z');
      expect(resolveLocalTime('2026-10-25', 60 + 59, 'Europe/Paris').kind).toBe('exact');
      expect(localDayHours('2026-10-25', 'Europe/Paris')).toBe(25);
    });

    it('America/New_York 2026-03-08 (spring forward) and 2026-11-01 (fall back)', () => {
      process.env.TZ = tz;
      expect(resolveLocalTime('2026-03-08', 2 * 60 + 15, 'America/New_York')).toEqual({ kind: 'nonexistent' });
      expect(iso(localTimeToInstant('2026-03-08', 60 + 30, 'America/New_York'))).toBe('2026-03-08T06:30:00.000Z');
      expect(iso(localTimeToInstant('2026-03-08', 3 * 60, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
      expect(localDayHours('2026-03-08', 'America/New_York')).toBe(23);
      const repeated = resolveLocalTime('2026-11-01', 60 + 30, 'America/New_York');
      expect(repeated).toEqual({ kind: 'repeated', instant: new Date('2026-11-01T05:30:00Z'), later: new Date('2026-11-01T06:30:00Z') });
      expect(iso(localTimeToInstant('2026-11-01', 2 * 60, 'America/New_York'))).toBe('2026-11-01T07:00:00.000Z');
      expect(localDayHours('2026-11-01', 'America/New_York')).toBe(25);
      expect(localDayHours('2026-11-02', 'America/New_York')).toBe(24);
    });

    it('handles a half-hour daylight-saving shift (Australia/Lord_Howe) and a zone without one', () => {
      process.env.TZ = tz;
      // Lord Howe moves 30 minutes on 2026-10-04 at 02:00 → 02:30.
      expect(resolveLocalTime('2026-10-04', 2 * 60 + 15, 'Australia/Lord_Howe')).toEqual({ kind: 'nonexistent' });
      expect(localDayHours('2026-10-04', 'Australia/Lord_Howe')).toBe(23.5);
      expect(localDayHours('2026-03-29', 'Asia/Kolkata')).toBe(24);
    });

    it('reads wall clocks, dates, offsets and weekdays of instants', () => {
      process.env.TZ = tz;
      expect(wallClockOf(new Date('2026-10-25T00:30:00Z'), 'Europe/Paris')).toEqual({ date: '2026-10-25', minutes: 150 });
      expect(wallClockOf(new Date('2026-10-25T01:30:00Z'), 'Europe/Paris')).toEqual({ date: '2026-10-25', minutes: 150 });
      expect(localDateOf(new Date('2026-03-01T23:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-02');
      expect(localDateOf(new Date('2026-03-02T03:30:00Z'), 'America/New_York')).toBe('2026-03-01');
      expect(offsetMinutesAt(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
      expect(offsetMinutesAt(new Date('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
      expect(isoWeekday('2026-03-30')).toBe(1);
      expect(isoWeekday('2026-03-29')).toBe(7);
      expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
      expect(daysBetween('2026-03-01', '2026-05-02')).toBe(62);
    });
  });
}

describe('wall time text and zone names', () => {
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('parses and formats HH:MM', () => {
    expect(parseWallTime('09:30')).toBe(570);
    expect(parseWallTime('24:00')).toBe(1440);
    expect(parseWallTime('17:00:00')).toBe(1020);
    expect(() => parseWallTime('24:30')).toThrow(RangeError);
    expect(() => parseWallTime('9:30')).toThrow(RangeError);
    expect(() => parseWallTime('09:60')).toThrow(RangeError);
    expect(formatWallTime(570)).toBe('09:30');
    expect(formatWallTime(1440)).toBe('24:00');
  });

  it('knows real zones only', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('localDateTimeInputValue', () => {
  it("writes an instant as a datetime-local value in the zone's wall time, on either side of a clock change", () => {
    expect(localDateTimeInputValue(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('2026-03-29T00:30');
    expect(localDateTimeInputValue(new Date('2026-03-29T01:30:00Z'), 'Europe/London')).toBe('2026-03-29T02:30');
    expect(localDateTimeInputValue(new Date('2026-12-03T23:05:00Z'), 'Asia/Kolkata')).toBe('2026-12-04T04:35');
  });
});

describe('remembered wall clocks', () => {
  it('stay exact where an offset has seconds: two instants of one UTC minute can show two local minutes', () => {
    // New York kept local mean time (-4:56:02) until 1883: 10:00:01Z is 05:03:59 there, 10:00:30Z is 05:04:28.
    const early = new Date('1880-06-01T10:00:01Z');
    const late = new Date('1880-06-01T10:00:30Z');
    for (let round = 0; round < 2; round++) {
      expect(wallClockOf(late, 'America/New_York')).toEqual({ date: '1880-06-01', minutes: 5 * 60 + 4 });
      expect(wallClockOf(early, 'America/New_York')).toEqual({ date: '1880-06-01', minutes: 5 * 60 + 3 });
    }
  });

  it('are answered per zone, and cannot be changed by a caller', () => {
    const instant = new Date('2026-12-05T23:30:00Z');
    expect(wallClockOf(instant, 'UTC')).toEqual({ date: '2026-12-05', minutes: 23 * 60 + 30 });
    expect(wallClockOf(instant, 'Asia/Kolkata')).toEqual({ date: '2026-12-06', minutes: 5 * 60 });
    expect(Object.isFrozen(wallClockOf(instant, 'UTC'))).toBe(true);
  });
});
