import { describe, expect, it } from 'vitest';
import { computeSlotsFromData, localDatesCovering, type EngineRule, type SlotEngineInput } from './slots-engine.js';

const STAFF = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const ROOM = '00000000-0000-4000-8000-0000000000aa';
const visit30 = { id: '00000000-0000-4000-8000-0000000000b1', durationMinutes: 30, mode: 'in_person' as const };
const visit60 = { ...visit30, id: '00000000-0000-4000-8000-0000000000b2', durationMinutes: 60 };
const visit90 = { ...visit30, id: '00000000-0000-4000-8000-0000000000b3', durationMinutes: 90 };
const tele = { id: '00000000-0000-4000-8000-0000000000b4', durationMinutes: 20, mode: 'telemedicine' as const };

const rule = (overrides: Partial<EngineRule> = {}): EngineRule => ({
  staffId: STAFF,
  weekday: 1,
  startTime: '09:00',
  endTime: '12:00',
  validFrom: '2026-01-01',
  validTo: null,
  timeZone: 'Europe/Paris',
  roomId: ROOM,
  visitTypeIds: null,
  ...overrides,
});

/** The frozen clock of every test: long before the days under test. */
const NOW = new Date('2026-01-01T00:00:00Z');

function slots(input: Partial<SlotEngineInput> & Pick<SlotEngineInput, 'from' | 'to'>) {
  return computeSlotsFromData({ visitType: visit30, rules: [rule()], extraSessions: [], unavailable: [], busy: [], now: NOW, ...input });
}
const starts = (list: { startsAt: Date }[]) => list.map((s) => s.startsAt.toISOString());
const day = (date: string) => ({ from: new Date(`${date}T00:00:00Z`), to: new Date(`${date}T23:59:59Z`) });
/** A wide window around a local date, so zone offsets never cut a slot off. */
const around = (date: string) => ({
  from: new Date(new Date(`${date}T00:00:00Z`).getTime() - 14 * 3_600_000),
  to: new Date(new Date(`${date}T00:00:00Z`).getTime() + 38 * 3_600_000),
});

describe('slot engine: ordinary days', () => {
  it('lays 30-minute slots from the rule start; the last one ends exactly at the rule end (half-open)', () => {
    const list = slots(day('2026-03-02')); // a Monday, Paris winter time (UTC+1)
    expect(list).toHaveLength(6);
    expect(list[0]).toEqual({
      staffId: STAFF,
      startsAt: new Date('2026-03-02T08:00:00Z'),
      endsAt: new Date('2026-03-02T08:30:00Z'),
      roomId: ROOM,
      visitTypeId: visit30.id,
      timeZone: 'Europe/Paris',
    });
    expect(list.at(-1)!.endsAt.toISOString()).toBe('2026-03-02T11:00:00.000Z');
  });

  it('does not start a slot that would run past the end (a 90-minute visit in a 3-hour block: two slots)', () => {
    expect(starts(slots({ ...day('2026-03-02'), visitType: visit90 }))).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T09:30:00.000Z']);
    expect(slots({ ...day('2026-03-02'), rules: [rule({ startTime: '09:00', endTime: '09:45' })], visitType: visit60 })).toEqual([]);
  });

  it('follows the weekday, the validity dates and the offered visit types', () => {
    expect(slots(day('2026-03-03'))).toEqual([]); // Tuesday
    expect(slots({ ...day('2026-03-02'), rules: [rule({ validFrom: '2026-03-03' })] })).toEqual([]);
    expect(slots({ ...day('2026-03-09'), rules: [rule({ validTo: '2026-03-08' })] })).toEqual([]);
    expect(slots({ ...day('2026-03-02'), rules: [rule({ validTo: '2026-03-02' })] })).toHaveLength(6);
    expect(slots({ ...day('2026-03-02'), rules: [rule({ visitTypeIds: [visit60.id] })] })).toEqual([]);
    expect(slots({ ...day('2026-03-02'), rules: [rule({ visitTypeIds: [visit60.id, visit30.id] })] })).toHaveLength(6);
  });

  it('never offers past slots: only those starting strictly after now', () => {
    const list = slots({ ...day('2026-03-02'), now: new Date('2026-03-02T09:00:00Z') });
    expect(starts(list)[0]).toBe('2026-03-02T09:30:00.000Z');
    expect(list).toHaveLength(3);
    expect(slots({ ...day('2026-03-02'), now: new Date('2026-03-03T00:00:00Z') })).toEqual([]);
  });

  it('keeps slots starting in [from, to)', () => {
    const list = slots({ from: new Date('2026-03-02T08:30:00Z'), to: new Date('2026-03-02T09:30:00Z') });
    expect(starts(list)).toEqual(['2026-03-02T08:30:00.000Z', '2026-03-02T09:00:00.000Z']);
  });

  it('gives telemedicine slots no room', () => {
    expect(slots({ ...day('2026-03-02'), visitType: tele }).every((s) => s.roomId === null)).toBe(true);
  });

  it('expands in the rule zone, not UTC: New York 09:00 is 14:00Z in winter and 13:00Z in summer', () => {
    const ny = [rule({ timeZone: 'America/New_York' })];
    expect(starts(slots({ ...around('2026-02-02'), rules: ny }))[0]).toBe('2026-02-02T14:00:00.000Z');
    expect(starts(slots({ ...around('2026-07-06'), rules: ny }))[0]).toBe('2026-07-06T13:00:00.000Z');
    // Kolkata 09:00 Monday is 03:30Z the same day.
    expect(starts(slots({ ...around('2026-03-02'), rules: [rule({ timeZone: 'Asia/Kolkata' })] }))[0]).toBe('2026-03-02T03:30:00.000Z');
  });
});

describe('slot engine: daylight-saving days', () => {
  it('Europe/Paris 2026-03-29 (23-hour day): grid times 02:00 and 02:30 do not exist and are skipped', () => {
    const sunday = [rule({ weekday: 7, startTime: '01:00', endTime: '04:00' })];
    const list = slots({ ...around('2026-03-29'), rules: sunday });
    // 01:00 and 01:30 CET, then 03:00 and 03:30 CEST: four slots in two real hours.
    expect(starts(list)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
    expect(list.at(-1)!.endsAt.toISOString()).toBe('2026-03-29T02:00:00.000Z'); // 04:00 CEST, the rule end
  });

  it('Europe/Paris 2026-03-29: a rule that starts in the gap begins at the first real grid time', () => {
    const list = slots({ ...around('2026-03-29'), rules: [rule({ weekday: 7, startTime: '02:00', endTime: '04:00' })] });
    expect(starts(list)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
  });

  it('Europe/Paris 2026-03-29: a rule that ends in the gap stops when the clocks jump', () => {
    const list = slots({ ...around('2026-03-29'), rules: [rule({ weekday: 7, startTime: '01:00', endTime: '02:30' })] });
    expect(starts(list)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z']);
    expect(list.at(-1)!.endsAt.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('Europe/Paris 2026-03-29: a long visit spanning the jump never overlaps the next slot', () => {
    const list = slots({
      ...around('2026-03-29'),
      visitType: visit90,
      rules: [rule({ weekday: 7, startTime: '01:30', endTime: '06:00' })],
    });
    // 01:30 CET → 00:30Z–02:00Z; 03:00 CEST (01:00Z) would overlap it and is dropped; 04:30 CEST = 02:30Z.
    expect(starts(list)).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T02:30:00.000Z']);
    for (let i = 1; i < list.length; i++) expect(list[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.endsAt.getTime());
  });

  it('Europe/Paris 2026-10-25 (25-hour day): the repeated 02:00–03:00 is offered once, at its earlier occurrence', () => {
    const list = slots({ ...around('2026-10-25'), rules: [rule({ weekday: 7, startTime: '01:00', endTime: '04:00' })] });
    expect(starts(list)).toEqual([
      '2026-10-24T23:00:00.000Z', // 01:00 CEST
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:00:00.000Z', // 02:00 CEST (earlier occurrence)
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:00:00.000Z', // 03:00 CET
      '2026-10-25T02:30:00.000Z',
    ]);
    expect(list.at(-1)!.endsAt.toISOString()).toBe('2026-10-25T03:00:00.000Z'); // 04:00 CET
  });

  it('Europe/Paris 2026-10-25: an ordinary 09:00–12:00 Sunday gives six slots in winter time', () => {
    const list = slots({ ...around('2026-10-25'), rules: [rule({ weekday: 7 })] });
    expect(starts(list)[0]).toBe('2026-10-25T08:00:00.000Z');
    expect(list).toHaveLength(6);
  });

  it('America/New_York 2026-03-08 (spring forward at 02:00): 02:00 and 02:30 are skipped', () => {
    const list = slots({
      ...around('2026-03-08'),
      rules: [rule({ weekday: 7, startTime: '01:00', endTime: '04:00', timeZone: 'America/New_York' })],
    });
    expect(starts(list)).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
  });

  it('America/New_York 2026-11-01 (fall back at 02:00): 01:00–02:00 is offered once, at its earlier occurrence', () => {
    const list = slots({
      ...around('2026-11-01'),
      rules: [rule({ weekday: 7, startTime: '00:00', endTime: '03:00', timeZone: 'America/New_York' })],
    });
    expect(starts(list)).toEqual([
      '2026-11-01T04:00:00.000Z', // 00:00 EDT
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T05:00:00.000Z', // 01:00 EDT (earlier)
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:30:00.000Z',
    ]);
  });

  it('covers the local dates a window touches in each zone', () => {
    expect(localDatesCovering(new Date('2026-03-01T23:00:00Z'), new Date('2026-03-03T00:00:00Z'), 'Europe/Paris')).toEqual([
      '2026-03-02',
      '2026-03-03',
    ]);
    expect(localDatesCovering(new Date('2026-03-01T23:00:00Z'), new Date('2026-03-03T00:00:00Z'), 'UTC')).toEqual([
      '2026-03-01',
      '2026-03-02',
    ]);
  });
});

describe('slot engine: exceptions and appointments', () => {
  it('removes slots overlapping leave (half-open: leave ending at a slot start keeps it)', () => {
    const list = slots({
      ...day('2026-03-02'),
      unavailable: [{ staffId: STAFF, startsAt: new Date('2026-03-02T08:15:00Z'), endsAt: new Date('2026-03-02T09:00:00Z') }],
    });
    expect(starts(list)).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T09:30:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:30:00.000Z',
    ]);
  });

  it('adds slots for extra sessions, on a grid from the session start, in its room', () => {
    const extra = {
      staffId: STAFF,
      startsAt: new Date('2026-03-03T14:00:00Z'),
      endsAt: new Date('2026-03-03T15:15:00Z'),
      roomId: null,
      timeZone: 'Europe/Paris',
    };
    const list = slots({ ...day('2026-03-03'), extraSessions: [extra] });
    expect(starts(list)).toEqual(['2026-03-03T14:00:00.000Z', '2026-03-03T14:30:00.000Z']);
    expect(list[0]!.roomId).toBeNull();
  });

  it('removes slots overlapping busy intervals of the same clinician only', () => {
    const busy = [
      { staffId: STAFF, startsAt: new Date('2026-03-02T08:00:00Z'), endsAt: new Date('2026-03-02T08:30:00Z') },
      { staffId: STAFF, startsAt: new Date('2026-03-02T08:20:00Z'), endsAt: new Date('2026-03-02T09:10:00Z') },
      { staffId: OTHER, startsAt: new Date('2026-03-02T10:00:00Z'), endsAt: new Date('2026-03-02T11:00:00Z') },
    ];
    expect(starts(slots({ ...day('2026-03-02'), busy }))).toEqual([
      '2026-03-02T09:30:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:30:00.000Z',
    ]);
  });

  it('sorts by start then clinician and never repeats a clinician at one start', () => {
    const rules = [rule({ staffId: OTHER }), rule(), rule({ startTime: '09:00', endTime: '10:00', validFrom: '2025-01-01' })];
    const list = slots({ from: new Date('2026-03-02T08:00:00Z'), to: new Date('2026-03-02T08:31:00Z'), rules });
    expect(list.map((s) => [s.startsAt.toISOString(), s.staffId])).toEqual([
      ['2026-03-02T08:00:00.000Z', STAFF],
      ['2026-03-02T08:00:00.000Z', OTHER],
      ['2026-03-02T08:30:00.000Z', STAFF],
      ['2026-03-02T08:30:00.000Z', OTHER],
    ]);
  });
});
