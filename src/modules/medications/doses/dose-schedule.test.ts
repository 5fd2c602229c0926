import { describe, expect, it } from 'vitest';
import { courseEnd, doseInstantOf, plannedDoses, timesADayWallTimes } from './dose-schedule.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (value: string) => new Date(value);

describe('plannedDoses across daylight-saving changes', () => {
  it('Europe/London, spring forward (29 March 2026): 08:00 stays 08:00 local on both sides', () => {
    const doses = plannedDoses(
      { frequency: { kind: 'at_times', times: ['08:00'] }, startsAt: at('2026-03-27T00:00:00Z'), endsAt: null, timeZone: 'Europe/London' },
      at('2026-03-28T00:00:00Z'),
      at('2026-03-31T00:00:00Z'),
    );
    // GMT (+00) before, BST (+01) after.
    expect(iso(doses)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('Europe/London, a dose in the spring gap (01:30) moves forward by the gap to 02:30 BST', () => {
    const doses = plannedDoses(
      { frequency: { kind: 'at_times', times: ['01:30'] }, startsAt: at('2026-03-28T00:00:00Z'), endsAt: null, timeZone: 'Europe/London' },
      at('2026-03-28T00:00:00Z'),
      at('2026-03-30T12:00:00Z'),
    );
    expect(iso(doses)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 01:30 GMT on the 29th does not exist; read with the offset before the gap (+00) it is 02:30 BST.
    expect(doseInstantOf('2026-03-29', 90, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('Europe/London, fall back (25 October 2026): the repeated 01:30 doses once (the earlier)', () => {
    const doses = plannedDoses(
      { frequency: { kind: 'at_times', times: ['01:30'] }, startsAt: at('2026-10-24T00:00:00Z'), endsAt: null, timeZone: 'Europe/London' },
      at('2026-10-25T00:00:00Z'),
      at('2026-10-26T00:00:00Z'),
    );
    expect(iso(doses)).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  it('America/New_York, spring forward (8 March 2026): twice a day at 08:00 and 20:00 local', () => {
    const doses = plannedDoses(
      { frequency: { kind: 'times_a_day', times: 2 }, startsAt: at('2026-03-01T00:00:00Z'), endsAt: null, timeZone: 'America/New_York' },
      at('2026-03-07T12:00:00Z'),
      at('2026-03-09T12:00:00Z'),
    );
    // EST (-05) until 8 March 02:00, EDT (-04) after.
    expect(iso(doses)).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T01:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    ]);
  });

  it('America/New_York, 02:15 on 8 March moves to 03:15 EDT; the repeated 01:15 on 1 November doses once', () => {
    expect(doseInstantOf('2026-03-08', 135, 'America/New_York').toISOString()).toBe('2026-03-08T07:15:00.000Z');
    const doses = plannedDoses(
      {
        frequency: { kind: 'at_times', times: ['01:15'] },
        startsAt: at('2026-10-01T00:00:00Z'),
        endsAt: null,
        timeZone: 'America/New_York',
      },
      at('2026-11-01T00:00:00Z'),
      at('2026-11-02T00:00:00Z'),
    );
    expect(iso(doses)).toEqual(['2026-11-01T05:15:00.000Z']); // 01:15 EDT, not 01:15 EST (06:15Z)
  });

  it('every 8 hours is elapsed time: the local wall times shift by an hour across the change', () => {
    const doses = plannedDoses(
      { frequency: { kind: 'every_n_hours', hours: 8 }, startsAt: at('2026-10-24T06:00:00Z'), endsAt: null, timeZone: 'Europe/London' },
      at('2026-10-24T00:00:00Z'),
      at('2026-10-26T00:00:00Z'),
    );
    expect(iso(doses)).toEqual([
      '2026-10-24T06:00:00.000Z',
      '2026-10-24T14:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T06:00:00.000Z',
      '2026-10-25T14:00:00.000Z',
      '2026-10-25T22:00:00.000Z',
    ]);
    for (let i = 1; i < doses.length; i += 1) expect(doses[i]!.getTime() - doses[i - 1]!.getTime()).toBe(8 * 3_600_000);
  });

  it('as-needed medicines produce no scheduled dose', () => {
    expect(
      plannedDoses(
        { frequency: { kind: 'as_needed', maxPerDay: 4 }, startsAt: at('2026-01-01T00:00:00Z'), endsAt: null, timeZone: 'Europe/London' },
        at('2026-01-01T00:00:00Z'),
        at('2026-02-01T00:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('keeps doses within the course: none before the start, none at or after the end', () => {
    const doses = plannedDoses(
      {
        frequency: { kind: 'at_times', times: ['08:00', '20:00'] },
        startsAt: at('2026-06-01T10:00:00Z'),
        endsAt: at('2026-06-02T19:00:00Z'),
        timeZone: 'Europe/London',
      },
      at('2026-05-30T00:00:00Z'),
      at('2026-06-10T00:00:00Z'),
    );
    expect(iso(doses)).toEqual(['2026-06-01T19:00:00.000Z', '2026-06-02T07:00:00.000Z']);
  });

  it('a duration in days ends at the same local wall time, across a change', () => {
    const end = courseEnd(at('2026-03-28T09:00:00Z'), 2, null, 'Europe/London');
    expect(end?.toISOString()).toBe('2026-03-30T08:00:00.000Z'); // 09:00 local on both days
  });

  it('spreads five or more doses a day evenly from 08:00', () => {
    expect(timesADayWallTimes(6)).toEqual([0, 240, 480, 720, 960, 1200]); // 08:00, 12:00, … 04:00
  });
});
