import { validationFailed } from '../../../platform/errors.js';
import { addDays, daysBetween, hospitalTimeZone, localDateOf } from '../../../platform/time/zoned-time.js';

/** A statement covers at most this many days. */
export const STATEMENT_DAYS_MAX = 366;
/** Without a period, a statement covers the last 90 days up to today (in the hospital's zone). */
const DEFAULT_DAYS = 90;

/** The statement's period from the query: both days, from ≤ to, at most STATEMENT_DAYS_MAX days (else 400). */
export function statementPeriod(query: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const today = localDateOf(now, hospitalTimeZone());
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to)
    throw validationFailed([{ path: 'from', message: 'must be on or before to' }], 'The period must start on or before its end.');
  if (daysBetween(from, to) >= STATEMENT_DAYS_MAX) {
    throw validationFailed(
      [{ path: 'from', message: `at most ${STATEMENT_DAYS_MAX} days` }],
      `A statement covers at most ${STATEMENT_DAYS_MAX} days.`,
    );
  }
  return { from, to };
}

/** The reconciliation's day: the one asked for, or today in the hospital's zone. */
export const reportDay = (day: string | undefined, now: Date): string => day ?? localDateOf(now, hospitalTimeZone());
