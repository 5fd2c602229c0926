import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';

/**
 * The structured frequency of a prescription (stored as jsonb, validated here on every write):
 * times a day, every N hours, at given local wall-clock times (in the patient's time zone when
 * schedules are built), or as needed with a maximum per day.
 *
 * The schema accepts a count of zero or an empty list of times (well-formed), so that
 * `frequencyWithoutDose` can answer 422 naming the field: the request is understood, but a
 * prescription that never gives a dose cannot be signed or kept.
 */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour local time such as 08:00.');

export const frequencySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('times_a_day'), times: z.number().int().min(0).max(24) }),
  z.strictObject({ kind: z.literal('every_n_hours'), hours: z.number().int().min(1).max(168) }),
  z.strictObject({
    kind: z.literal('at_times'),
    times: z
      .array(localTime)
      .max(24)
      .refine((times) => new Set(times).size === times.length, 'A time appears twice.'),
  }),
  z.strictObject({
    kind: z.literal('as_needed'),
    maxPerDay: z.number().int().min(0).max(24),
    minHoursBetween: z.number().int().min(1).max(24).optional(),
  }),
]);
export type Frequency = z.infer<typeof frequencySchema>;

/** The field (dotted path under `frequency`) that makes this frequency give no dose at all, or null. */
export function frequencyWithoutDose(frequency: Frequency, path = 'frequency'): FieldError | null {
  switch (frequency.kind) {
    case 'times_a_day':
      return frequency.times === 0 ? { path: `${path}.times`, message: 'This frequency gives no dose: give at least one a day.' } : null;
    case 'at_times':
      return frequency.times.length === 0
        ? { path: `${path}.times`, message: 'This frequency gives no dose: give at least one time.' }
        : null;
    case 'as_needed':
      return frequency.maxPerDay === 0
        ? { path: `${path}.maxPerDay`, message: 'This frequency gives no dose: allow at least one a day.' }
        : null;
    case 'every_n_hours':
      return null;
  }
}

/** Scheduled doses in 24 hours (as needed: the maximum); for display and dose comparisons. */
export function dosesPerDay(frequency: Frequency): number {
  switch (frequency.kind) {
    case 'times_a_day':
      return frequency.times;
    case 'at_times':
      return frequency.times.length;
    case 'as_needed':
      return frequency.maxPerDay;
    case 'every_n_hours':
      return 24 / frequency.hours;
  }
}
