import type { PatientLabel } from '../../patients/index.js';
import type { ArrivalDto, PatientLabelDto, TriageLevelDto } from '../ed.schemas.js';
import type { ArrivalRow, TriageLevelRow } from '../ed.repository.js';

export const levelDto = (row: TriageLevelRow): TriageLevelDto => ({
  level: row.level,
  label: row.label,
  targetMinutes: row.targetMinutes,
  updatedAt: row.updatedAt?.toISOString() ?? null,
  version: row.version,
});

/**
 * Time waiting against the level's target: until seen (then the time it took to be seen), in whole
 * minutes. Overdue when the wait passed the target (a level-1 target of 0 is overdue at once).
 * Untriaged arrivals have no target yet.
 */
export function waitAgainstTarget(
  arrival: Pick<ArrivalRow, 'arrivedAt' | 'seenAt' | 'level'>,
  scale: ReadonlyMap<number, TriageLevelRow>,
  now: Date,
): { waitedMinutes: number; targetMinutes: number | null; overdue: boolean } {
  const end = arrival.seenAt ?? now;
  const waitedMs = Math.max(0, end.getTime() - arrival.arrivedAt.getTime());
  const target = arrival.level === null ? null : (scale.get(arrival.level)?.targetMinutes ?? null);
  return { waitedMinutes: Math.floor(waitedMs / 60_000), targetMinutes: target, overdue: target !== null && waitedMs > target * 60_000 };
}

/** The patient's label as the API gives it: the unidentified facts (or null) with an ISO time. */
export const patientLabelDto = (label: PatientLabel): PatientLabelDto => ({
  id: label.id,
  name: label.name,
  mrn: label.mrn,
  unidentified: label.unidentified ? { ...label.unidentified, since: label.unidentified.since.toISOString() } : null,
});

export function arrivalDto(row: ArrivalRow, patient: PatientLabel, scale: ReadonlyMap<number, TriageLevelRow>, now: Date): ArrivalDto {
  return {
    id: row.id,
    patient: patientLabelDto(patient),
    mode: row.mode,
    incidentId: row.incidentId,
    chiefComplaint: row.chiefComplaint,
    arrivedAt: row.arrivedAt.toISOString(),
    level: row.level,
    levelLabel: row.level === null ? null : (scale.get(row.level)?.label ?? null),
    ...waitAgainstTarget(row, scale, now),
    triagedAt: row.triagedAt?.toISOString() ?? null,
    seenAt: row.seenAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    outcome: row.outcome,
  };
}

/** Untriaged first (they need a nurse now), then the most urgent level, then the longest wait. */
export function compareWaiting(a: ArrivalRow, b: ArrivalRow): number {
  const rank = (r: ArrivalRow) => r.level ?? 0;
  return rank(a) - rank(b) || a.arrivedAt.getTime() - b.arrivedAt.getTime() || a.id.localeCompare(b.id);
}
