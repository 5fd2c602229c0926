import { describe, expect, it } from 'vitest';
import { confirmQuery, formQuery, shownSlotDays } from './booking-support.js';

const slot = (staffId: string, startsAt: string) => ({
  staffId,
  startsAt: new Date(startsAt),
  endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
  roomId: null,
  visitTypeId: 'follow_up',
  timeZone: 'UTC',
});
const names = new Map([
  ['a', 'Dr A'],
  ['b', 'Dr B'],
]);

describe('shownSlotDays', () => {
  // Three local days in Tokyo (UTC+9): 23:30 UTC on the 1st is already the 2nd there.
  const slots = [
    slot('a', '2026-12-01T01:00:00Z'),
    slot('b', '2026-12-01T23:30:00Z'),
    slot('a', '2026-12-02T02:00:00Z'),
    slot('a', '2026-12-03T02:00:00Z'),
  ];

  it('groups by the viewer’s local day and names each slot’s clinician', () => {
    const { days, laterFrom } = shownSlotDays(slots, names, 'Asia/Tokyo');
    expect(days.map((d) => [d.date, d.slots.map((s) => `${s.staffName} ${s.startsAt.toISOString()}`)])).toEqual([
      ['2026-12-01', ['Dr A 2026-12-01T01:00:00.000Z']],
      ['2026-12-02', ['Dr B 2026-12-01T23:30:00.000Z', 'Dr A 2026-12-02T02:00:00.000Z']],
      ['2026-12-03', ['Dr A 2026-12-03T02:00:00.000Z']],
    ]);
    expect(laterFrom).toBeNull();
  });

  it('stops after `limit` days and says where the later times start', () => {
    const { days, laterFrom } = shownSlotDays(slots, names, 'UTC', { limit: 1 });
    expect(days.map((d) => d.date)).toEqual(['2026-12-01']);
    expect(days[0]!.slots).toHaveLength(2);
    expect(laterFrom).toBe('2026-12-02');
  });

  it('leaves out the skipped times, and a day with none left', () => {
    const { days } = shownSlotDays(slots, names, 'UTC', { skip: (s) => s.startsAt.getUTCDate() === 2 });
    expect(days.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-03']);
  });
});

describe('confirmQuery', () => {
  it('is read back as the slot it was written from, extras included', () => {
    const query = new URLSearchParams(confirmQuery(slot('a b&c', '2026-12-01T01:00:00Z'), { patientId: 'p=1', why: 'earliest' }));
    expect(Object.fromEntries(query)).toEqual({
      patientId: 'p=1',
      why: 'earliest',
      staffId: 'a b&c',
      visitType: 'follow_up',
      startsAt: '2026-12-01T01:00:00.000Z',
    });
  });
});

describe('formQuery', () => {
  it('writes exactly what URLSearchParams writes, whatever the characters', () => {
    const values = ['', 'plain-id_1.2*', 'a b', "!'()~", '&=+%#?/:;,@$', 'ü é 漢字 😀', '2026-12-01T01:00:00.000Z', '\n\t"<>'];
    for (const value of values) {
      const fields = { [value || 'empty']: value, staffId: value, startsAt: '2026-12-01T01:00:00.000Z' };
      expect(formQuery(fields)).toBe(new URLSearchParams(fields).toString());
    }
  });
});
