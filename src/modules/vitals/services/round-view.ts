import type { VitalSetRow } from '../vitals.tables.js';
import type { CriticalBoardRow } from './critical-board.service.js';
import type { RoundRow } from './vitals-queries.service.js';

function news2Of(last: VitalSetRow) {
  return {
    status: last.news2Status,
    total: last.news2Total,
    redScore: last.news2Red,
    scale: last.spo2Scale === 2 ? (2 as const) : (1 as const),
    risk: last.news2Risk,
    response: last.news2Response,
    nextDueAt: last.nextDueAt?.toISOString() ?? null,
  };
}

/** One round row as the API shows it. */
export function roundItemOf(row: RoundRow) {
  const last = row.last;
  return {
    patient: row.patient,
    lastTakenAt: last?.takenAt.toISOString() ?? null,
    ...(last && { news2: news2Of(last) }),
    overdue: row.overdue,
  };
}

/** One row of the board of critical patients as the API shows it (the alert summaries stay on the alert's page). */
export function boardItemOf(row: CriticalBoardRow) {
  const last = row.last;
  return {
    patient: row.patient,
    latest: row.latest.map((r) => ({ code: r.code, value: r.value, unit: r.unit, effectiveAt: r.effectiveAt.toISOString() })),
    lastTakenAt: last?.takenAt.toISOString() ?? null,
    onOxygen: last?.onOxygen ?? null,
    ...(last && { news2: news2Of(last) }),
    trend: row.trend,
    direction: row.direction,
    overdue: row.overdue,
    openAlerts: row.openAlerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      severity: a.severity,
      raisedAt: a.raisedAt.toISOString(),
      onYourChain: a.onViewersChain,
    })),
  };
}
