import { describe, expect, it } from 'vitest';
import { dosesPerDay, frequencySchema, frequencyWithoutDose } from './prescriptions.frequency.js';

describe('structured frequency', () => {
  it('accepts the four kinds and rejects unknown fields, bad times and duplicates', () => {
    expect(frequencySchema.safeParse({ kind: 'times_a_day', times: 3 }).success).toBe(true);
    expect(frequencySchema.safeParse({ kind: 'every_n_hours', hours: 8 }).success).toBe(true);
    expect(frequencySchema.safeParse({ kind: 'at_times', times: ['08:00', '20:00'] }).success).toBe(true);
    expect(frequencySchema.safeParse({ kind: 'as_needed', maxPerDay: 4, minHoursBetween: 4 }).success).toBe(true);
    expect(frequencySchema.safeParse({ kind: 'times_a_day', times: 3, extra: 1 }).success).toBe(false);
    expect(frequencySchema.safeParse({ kind: 'at_times', times: ['24:00'] }).success).toBe(false);
    expect(frequencySchema.safeParse({ kind: 'at_times', times: ['08:00', '08:00'] }).success).toBe(false);
    expect(frequencySchema.safeParse({ kind: 'every_n_hours', hours: 0 }).success).toBe(false);
    expect(frequencySchema.safeParse({ kind: 'weekly' }).success).toBe(false);
  });

  it('names the field of a frequency that gives no dose', () => {
    expect(frequencyWithoutDose({ kind: 'times_a_day', times: 0 })?.path).toBe('frequency.times');
    expect(frequencyWithoutDose({ kind: 'at_times', times: [] })?.path).toBe('frequency.times');
    expect(frequencyWithoutDose({ kind: 'as_needed', maxPerDay: 0 })?.path).toBe('frequency.maxPerDay');
    expect(frequencyWithoutDose({ kind: 'every_n_hours', hours: 12 })).toBeNull();
    expect(frequencyWithoutDose({ kind: 'times_a_day', times: 1 })).toBeNull();
  });

  it('doses a day', () => {
    expect(dosesPerDay({ kind: 'every_n_hours', hours: 6 })).toBe(4);
    expect(dosesPerDay({ kind: 'at_times', times: ['08:00', '14:00', '20:00'] })).toBe(3);
    expect(dosesPerDay({ kind: 'as_needed', maxPerDay: 4 })).toBe(4);
  });
});
