import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import { departmentRound, deviceReadingsRead, SAME_QUANTITY, setReadingsRead, type ObservationDto } from '../../records/index.js';
import { news2Applicable } from '../news2.js';
import type { VitalSetDto, VitalSettingsDto } from '../vitals.schemas.js';
import { patientSetIdsQuery, latestSetsQuery, selectPatientSets, vitalSettingsQuery } from '../vitals.repository.js';
import type { VitalSetRow } from '../vitals.tables.js';
import { VITAL_CODES, type VitalField } from '../vitals.vocabulary.js';
import { fieldOfCode, toVitalSetDto } from './vital-set-view.js';
import { toSettingsDto } from './vital-settings.service.js';
import { vitalsAccess, type VitalsPatient } from './vitals-access.js';

/** The chart shows the last 100 sets (newest first); older ones stay in the record and the audit. */
export const SETS_SHOWN = 100;
/** And the last 100 device readings of each charted measurement (a wearable may send one a minute). */
export const DEVICE_READINGS_SHOWN = 100;

/** The charted measurements a device may send (a glucometer's capillary glucose charts as glucose). */
const DEVICE_CHART_CODES = [
  ...(['respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp', 'pulse', 'temperature', 'glucose', 'weight'] as const).map(
    (f) => VITAL_CODES[f],
  ),
  ...Object.keys(SAME_QUANTITY),
];

/** A device reading on the chart: the vital it plots as, its value (in the vital's unit) and time. */
export interface DeviceChartReading {
  field: VitalField;
  value: number;
  unit: string;
  effectiveAt: string;
}

export interface PatientVitals {
  patient: VitalsPatient;
  /** Whether NEWS2 applies to the patient now (16 or over, not recorded as pregnant). */
  news2Applicable: boolean;
  settings: VitalSettingsDto;
  /** Newest first. */
  sets: VitalSetDto[];
  /** The patient's device readings of the charted vitals (home cuff, oximeter, glucometer…), oldest first; empty unless asked for. */
  deviceReadings: DeviceChartReading[];
}

/**
 * A patient's vital-sign sets with their readings and NEWS2, and the NEWS2 settings: for the chart,
 * the printable observation chart, the portal and the API. With the sets' readings, in the same
 * statement, the newest device readings of the charted vitals (the trends plot them as their own
 * series; asked for by the trends pages only). Audited `vital_set.list` (`print` for the printable chart).
 */
export async function getPatientVitals(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  action = 'vital_set.list',
  /** The trends plot device readings; the printable chart and the API show sets only (docs/vitals.md). */
  withDeviceReadings = false,
): Promise<PatientVitals> {
  const access = await vitalsAccess(db, ctx, patientId, action);
  // The audit row with the settings, the sets and their readings in ONE statement built once per
  // shape (it commits before any reading is returned): the readings' sets are a subquery.
  const audit = access.viewAudit({ action, resourceType: 'vital_set', category: 'clinical' });
  const read = await vitalsViews(db, withDeviceReadings ? 'sets+devices' : 'sets', audit, (db, audited) => ({
    settingsRow: deferRead(vitalSettingsQuery(db, audited.patientId), ([row]) => row),
    rows: deferRead(selectPatientSets(db, audited, SETS_SHOWN), (sets): VitalSetRow[] => sets),
    readings: setReadingsRead(db, audited, patientSetIdsQuery(db, audited, SETS_SHOWN)),
    ...(withDeviceReadings ? { deviceReadings: deviceReadingsRead(db, audited, DEVICE_CHART_CODES, DEVICE_READINGS_SHOWN) } : {}),
  }));
  const { settingsRow, rows, readings } = read;
  const deviceReadings = (read as { deviceReadings?: ObservationDto[] }).deviceReadings ?? [];
  const settings = toSettingsDto(settingsRow);
  return {
    patient: access.patient,
    news2Applicable: news2Applicable(access.patient.birthDate, ctx.now, settings.pregnant),
    settings,
    sets: rows.map((r) => toVitalSetDto(r, readings)),
    deviceReadings: deviceReadings.flatMap((r) => {
      const field = fieldOfCode(SAME_QUANTITY[r.code] ?? r.code);
      return field ? [{ field, value: r.value, unit: r.unit, effectiveAt: r.effectiveAt.toISOString() }] : [];
    }),
  };
}

/** A patient's chart, built once per shape (with or without device readings; issue 11). */
const vitalsViews = auditedViews();

export interface RoundRow {
  patient: { id: string; name: string; mrn: string };
  last: VitalSetRow | null;
  /** The recommended observation time has passed (or no set yet today's round has been taken). */
  overdue: boolean;
}

/**
 * The nurse's observation round: the department's patients today (docs/vitals.md) with the last
 * set's NEWS2 and when the next is due; overdue ones first, then by name. One audit row per patient
 * shown (`vital_set.round`). Two statements whatever the number of patients, both built once and
 * no transaction: the department with its patients, then the audit rows with the latest sets.
 */
export async function listRound(db: Db, ctx: ServiceContext): Promise<{ departmentId: string | null; rows: RoundRow[] }> {
  const { departmentId, patients } = await departmentRound(db, ctx);
  if (patients.length === 0) return { departmentId, rows: [] };
  const audit = patientsAuditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'vital_set.round', resourceType: 'vital_set', category: 'clinical' },
    patients.map((p) => p.id),
    ctx.now,
  );
  const { sets } = await roundStatement(db, audit);
  const latest = new Map(sets.map((set) => [set.patientId, set]));
  const rows = patients.map((p) => {
    const last = latest.get(p.id) ?? null;
    const applicable = news2Applicable(p.birthDate, ctx.now, false);
    const overdue = last ? last.nextDueAt !== null && last.nextDueAt <= ctx.now : applicable;
    return { patient: { id: p.id, name: p.name, mrn: p.mrn }, last, overdue };
  });
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return { departmentId, rows };
}

/** The round's audit rows with the latest set of exactly the patients they name: ONE statement, built once (issue 11). */
const roundStatement = preparedReadTogether(
  (db, param: (name: `audit_${string}`) => Placeholder) => ({
    sets: deferRead(latestSetsQuery(db, preparedPatientsAudit(param).audited), (rows): VitalSetRow[] => rows),
  }),
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);
