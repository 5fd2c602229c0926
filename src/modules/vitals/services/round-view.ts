import type { RoundRow } from './vitals-queries.service.js';

/** One round row as the API shows it. */
export function roundItemOf(row: RoundRow) {
  const last = row.last;
  return {
    patient: row.patient,
    lastTakenAt: last?.takenAt.toISOString() ?? null,
    ...(last && {
      news2: {
        status: last.news2Status,
        total: last.news2Total,
        redScore: last.news2Red,
        scale: last.spo2Scale === 2 ? (2 as const) : (1 as const),
        risk: last.news2Risk,
        response: last.news2Response,
        nextDueAt: last.nextDueAt?.toISOString() ?? null,
      },
    }),
    overdue: row.overdue,
  };
}
