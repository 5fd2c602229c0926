import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { validationFailed } from '../../../platform/errors.js';
import { observationCode } from './observation-codes.js';
import {
  insertObservation,
  selectGoalObservations,
  selectObservationsOfGoalQuery,
  type ObservationRow,
} from './observations.repository.js';
import type { ObservationSource } from './observations.tables.js';

/** One reading as the pages and the API show it. */
export interface ObservationDto {
  id: string;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  source: ObservationSource;
  goalId: string | null;
}

export interface NewReading {
  code: string;
  value: number;
  /** Defaults to the code's UCUM unit; any other unit is refused (no conversions yet). */
  unit?: string;
  effectiveAt: Date;
  source: ObservationSource;
  goalId?: string | null;
  progressId?: string | null;
  recordedBy: string;
}

/**
 * Refuses what cannot be a real value of this measurement, naming the field (`value`, `unit` or
 * `code`) and the accepted range: the same rule for a patient's own reading, a clinician's progress
 * note and, later, vital signs.
 */
export function assertPlausibleReading(code: string, value: number, unit?: string, field = 'value'): { unit: string } {
  const known = observationCode(code);
  if (!known) throw validationFailed([{ path: 'code', message: 'Not a measurement Carewell records' }], 'Unknown measurement code.');
  if (unit !== undefined && unit !== known.unit)
    throw validationFailed([{ path: 'unit', message: `Give the value in ${known.unit}` }], `The unit must be ${known.unit}.`);
  if (!Number.isFinite(value) || value < known.min || value > known.max)
    throw validationFailed(
      [{ path: field, message: `Must be between ${known.min} and ${known.max} ${known.unit}` }],
      `The ${field} must be between ${known.min} and ${known.max} ${known.unit}.`,
    );
  return { unit: known.unit };
}

/** Records one coded observation of the audited patient (the caller wrote the audit row). */
export async function recordObservation(tx: Db, audited: AuditedAccess, reading: NewReading): Promise<ObservationDto> {
  const { unit } = assertPlausibleReading(reading.code, reading.value, reading.unit);
  const row = await insertObservation(tx, audited, {
    code: reading.code,
    value: reading.value,
    unit,
    effectiveAt: reading.effectiveAt,
    source: reading.source,
    goalId: reading.goalId ?? null,
    progressId: reading.progressId ?? null,
    recordedBy: reading.recordedBy,
    createdAt: reading.effectiveAt,
  });
  return toDto(row);
}

/** The readings of some goals of the audited patient, oldest first (inside the caller's audited read). */
export async function readGoalObservations(tx: Db, audited: AuditedAccess, goalIds: string[]): Promise<ObservationDto[]> {
  return (await selectGoalObservations(tx, audited, goalIds)).map(toDto);
}

/** The readings of the goals a subquery chooses (a plan's goals), not read yet: a view reads them with its other parts. */
export function goalObservationsRead(tx: Db, audited: AuditedAccess, goalIds: SQLWrapper): DeferredRead<ObservationDto[]> {
  return deferRead(selectObservationsOfGoalQuery(tx, audited, goalIds), (rows) => rows.map(toDto));
}

function toDto(row: ObservationRow): ObservationDto {
  return {
    id: row.id,
    code: row.code,
    value: row.value,
    unit: row.unit,
    effectiveAt: row.effectiveAt,
    source: row.source,
    goalId: row.goalId,
  };
}
