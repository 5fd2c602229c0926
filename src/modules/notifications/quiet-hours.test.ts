import { describe, expect, it } from 'vitest';
import { quietHoursRelease, zonedInstant } from './quiet-hours.js';

describe('quiet hours', () => {
  const overnight = { start: '22:00', end: '07:00' };

  it('outside the window a message goes now', () => {
    expect(quietHoursRelease(new Date('2026-11-27T12:00:00Z'), overnight, 'Europe/Madrid')).toBeNull();
    // 21:59 local is still outside; 07:00 local is the first minute outside again (half-open).
    expect(quietHoursRelease(new Date('2026-11-27T20:59:00Z'), overnight, 'Europe/Madrid')).toBeNull();
    expect(quietHoursRelease(new Date('2026-11-28T06:00:00Z'), overnight, 'Europe/Madrid')).toBeNull();
  });

  it('in the evening part of an overnight window, waits until the next local morning', () => {
    // 23:30 in Madrid (UTC+1 in November) → 07:00 Madrid next day = 06:00Z.
    expect(quietHoursRelease(new Date('2026-11-27T22:30:00Z'), overnight, 'Europe/Madrid')?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
  });

  it('after midnight, waits until the same local morning', () => {
    expect(quietHoursRelease(new Date('2026-11-28T02:00:00Z'), overnight, 'Europe/Madrid')?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
  });

  it('uses the person’s zone, not the server’s', () => {
    // 09:00Z is 04:00 in New York (UTC-5): quiet until 07:00 New York = 12:00Z.
    expect(quietHoursRelease(new Date('2026-11-27T09:00:00Z'), overnight, 'America/New_York')?.toISOString()).toBe(
      '2026-11-27T12:00:00.000Z',
    );
    expect(quietHoursRelease(new Date('2026-11-27T09:00:00Z'), overnight, 'UTC')).toBeNull();
  });

  it('a same-day window works', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietHoursRelease(new Date('2026-11-27T12:15:00Z'), lunch, 'UTC')?.toISOString()).toBe('2026-11-27T13:30:00.000Z');
    expect(quietHoursRelease(new Date('2026-11-27T13:30:00Z'), lunch, 'UTC')).toBeNull();
  });

  it('across the spring-forward night the release is the real local 07:00', () => {
    // Europe/Madrid jumps 02:00→03:00 on 2026-03-29; 07:00 local that day is UTC+2 = 05:00Z.
    expect(quietHoursRelease(new Date('2026-03-29T00:30:00Z'), overnight, 'Europe/Madrid')?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  it('a local time skipped by DST resolves after the jump', () => {
    const skipped = zonedInstant({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, 'Europe/Madrid');
    expect(skipped.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 local, after the jump
  });
});
