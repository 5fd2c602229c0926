import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { validationFailed } from '../../../platform/errors.js';
import { observationCode } from './observation-codes.js';
import { acceptedUnits, toCodeUnit } from './observations-units.js';
import {
  insertObservation,
  selectGoalObservations,
  selectObservationsOfGoalQuery,
  selectDeviceReadingsQuery,
  selectSetReadingsQuery,
  selectSetObservations,
  type ObservationRow,
} from './observations.repository.js';
import type { ObservationFlag, ObservationSource } from './observations.tables.js';

/** One reading as the pages and the API show it. */
export interface ObservationDto {
  id: string;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  source: ObservationSource;
  goalId: string | null;
  setId: string | null;
  flag: ObservationFlag | null;
}

export interface NewReading {
  code: string;
  value: number;
  /** Defaults to the code's UCUM unit; one of its other units is converted to it (glucose mmol/L), any other refused. */
  unit?: string;
  effectiveAt: Date;
  source: ObservationSource;
  goalId?: string | null;
  progressId?: string | null;
  /** The vital-sign set it belongs to (src/modules/vitals). */
  setId?: string | null;
  /** Set by the caller after `checkReading` said implausible and the person confirmed. */
  flag?: ObservationFlag | null;
  recordedBy: string;
}

/**
 * Refuses what cannot be a real value of this measurement, naming the field (`value`, `unit` or
 * `code`) and the accepted range: the same rule for a patient's own reading, a clinician's progress
 * note, vital signs and device readings. A value in one of the code's other units (glucose in
 * mmol/L) is converted to the code's unit first, and the ranges apply to the converted value: the
 * answer is the value and unit to store.
 */
export function assertPlausibleReading(code: string, value: number, unit?: string, field = 'value'): { unit: string; value: number } {
  const known = observationCode(code);
  if (!known) throw validationFailed([{ path: 'code', message: 'Not a measurement Carewell records' }], 'Unknown measurement code.');
  const converted = unit === undefined || !Number.isFinite(value) ? value : toCodeUnit(known, value, unit);
  if (converted === null) {
    const accepted = acceptedUnits(known).join(' or ');
    throw validationFailed([{ path: 'unit', message: `Give the value in ${accepted}` }], `The unit must be ${accepted}.`);
  }
  const given = converted !== value ? ` (${value} ${unit} is ${converted} ${known.unit})` : '';
  if (!Number.isFinite(converted) || converted < known.min || converted > known.max)
    throw validationFailed(
      [{ path: field, message: `Must be between ${known.min} and ${known.max} ${known.unit}${given}` }],
      `The ${field} must be between ${known.min} and ${known.max} ${known.unit}${given}.`,
    );
  if (known.integer && !Number.isInteger(converted))
    throw validationFailed([{ path: field, message: 'Must be a whole number' }], `The ${field} must be a whole number.`);
  return { unit: known.unit, value: converted };
}

/**
 * `assertPlausibleReading` (impossible → 400 naming the field), then whether the value is outside
 * the code's plausible range: such a value needs the person's confirmation and is stored flagged.
 */
export function checkReading(
  code: string,
  value: number,
  unit?: string,
  field = 'value',
): { unit: string; value: number; implausible: boolean } {
  const checked = assertPlausibleReading(code, value, unit, field);
  const known = observationCode(code)!;
  return { ...checked, implausible: checked.value < known.plausibleMin || checked.value > known.plausibleMax };
}

/** Records one coded observation of the audited patient (the caller wrote the audit row). */
export async function recordObservation(tx: Db, audited: AuditedAccess, reading: NewReading): Promise<ObservationDto> {
  const { unit, value } = assertPlausibleReading(reading.code, reading.value, reading.unit);
  const row = await insertObservation(tx, audited, {
    code: reading.code,
    value,
    unit,
    effectiveAt: reading.effectiveAt,
    source: reading.source,
    goalId: reading.goalId ?? null,
    progressId: reading.progressId ?? null,
    setId: reading.setId ?? null,
    flag: reading.flag ?? null,
    recordedBy: reading.recordedBy,
    createdAt: reading.effectiveAt,
  });
  return toDto(row);
}

/** The readings of some vital-sign sets of the audited patient (inside the caller's audited read). */
export async function readSetObservations(tx: Db, audited: AuditedAccess, setIds: string[]): Promise<ObservationDto[]> {
  return (await selectSetObservations(tx, audited, setIds)).map(toDto);
}

/**
 * What a vitals chart plots, as reads not run yet (a view reads them with its sets, in one
 * statement): the readings of the sets a subquery chooses, and the newest `perCode` device
 * readings of each of `deviceCodes`; each oldest first.
 */
export function setReadingsRead(db: Db, audited: AuditedAccess, setIds: SQLWrapper): DeferredRead<ObservationDto[]> {
  return deferRead(selectSetReadingsQuery(db, audited, setIds), chartReadings);
}

export function deviceReadingsRead(
  db: Db,
  audited: AuditedAccess,
  deviceCodes: readonly string[],
  perCode: number,
): DeferredRead<ObservationDto[]> {
  return deferRead(selectDeviceReadingsQuery(db, audited, deviceCodes, perCode), chartReadings);
}

function chartReadings(rows: Omit<Pick<ObservationRow, keyof ObservationDto>, 'goalId'>[]): ObservationDto[] {
  return rows.map((r) => toDto({ ...r, goalId: null })).sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
}

/** The readings of some goals of the audited patient, oldest first (inside the caller's audited read). */
export async function readGoalObservations(tx: Db, audited: AuditedAccess, goalIds: string[]): Promise<ObservationDto[]> {
  return (await selectGoalObservations(tx, audited, goalIds)).map(toDto);
}

/** The readings of the goals a subquery chooses (a plan's goals), not read yet: a view reads them with its other parts. */
export function goalObservationsRead(tx: Db, audited: AuditedAccess, goalIds: SQLWrapper): DeferredRead<ObservationDto[]> {
  return deferRead(selectObservationsOfGoalQuery(tx, audited, goalIds), (rows) => rows.map(toDto));
}

function toDto(row: Pick<ObservationRow, keyof ObservationDto>): ObservationDto {
  return {
    id: row.id,
    code: row.code,
    value: row.value,
    unit: row.unit,
    effectiveAt: row.effectiveAt,
    source: row.source,
    goalId: row.goalId,
    setId: row.setId,
    flag: row.flag,
  };
}
