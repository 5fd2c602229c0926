import { describe, expect, it } from 'vitest';
import { dayBounds } from './day-bounds.js';

describe('day bounds in the hospital zone', () => {
  it('a spring-forward day is 23 hours, a fall-back day 25, from local midnight to local midnight', () => {
    const spring = dayBounds('2026-03-29', '2026-03-29', 'Europe/Paris');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const autumn = dayBounds('2026-10-25', '2026-10-25', 'Europe/Paris');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(autumn.end.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    // Consecutive days meet exactly: every instant belongs to one day.
    expect(dayBounds('2026-10-26', '2026-10-26', 'Europe/Paris').start).toEqual(autumn.end);
  });

  it('a zone whose midnight falls in the gap starts the day when the clocks jump', () => {
    // Santiago springs forward at 24:00 on 2026-09-05: 6 September starts at 01:00 local.
    const day = dayBounds('2026-09-06', '2026-09-06', 'America/Santiago');
    expect(day.start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});
