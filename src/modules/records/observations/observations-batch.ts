import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { checkReading } from './observations.service.js';
import { observations } from './observations.tables.js';

/** Why one reading of a batch was refused: the field (`code`, `unit`, `value`) and what to do. */
export interface ReadingProblem {
  path: string;
  message: string;
}

/**
 * The manual-entry rule (`checkReading`) as an answer instead of a throw, so a batch can keep its
 * valid readings and return the others with their field: the same rule for a device as for a
 * patient's own reading or a clinician's entry (a glucose in mmol/L answers its mg/dL value). A device cannot confirm an unusual value, so a value
 * outside the plausible range is stored flagged `implausible` (what a confirmed manual one gets).
 */
export function checkDeviceReading(
  code: string,
  value: number,
  unit: string | undefined,
): { unit: string; value: number; implausible: boolean } | { problem: ReadingProblem } {
  try {
    return checkReading(code, value, unit);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const [first] = (error.extra.errors as ReadingProblem[] | undefined) ?? [];
    return { problem: first ?? { path: 'value', message: error.detail } };
  }
}

/** One checked reading of a batch, with its id chosen by the caller (its ledger points at it). */
export interface BatchObservation {
  id: string;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  recordedBy: string;
  /** Set when the value is outside the plausible range (checkDeviceReading). */
  flag: 'implausible' | null;
}

/**
 * Writes many device observations of the audited patient in one statement (the caller wrote one
 * audit row for the batch). Values must have passed `checkDeviceReading`. Append-only, like every observation.
 */
export async function recordDeviceObservations(tx: Db, audited: AuditedAccess, rows: BatchObservation[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(observations)
    .values(rows.map((r) => ({ ...r, patientId: audited.patientId, source: 'device' as const, createdAt: now })));
}
