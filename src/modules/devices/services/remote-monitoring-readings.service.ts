import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { raiseClinicalAlert, type RaiseContext } from '../../clinical-alerts/index.js';
import { activeGoalTargets, OBSERVATION_CODES, unitLabel, type GoalTarget } from '../../records/index.js';
import { selectActiveEnrolments, updateEnrolmentAfterReadings, type EnrolmentRow } from '../devices.repository.js';
import { PROGRAMME_CODES } from '../devices.vocabulary.js';

/** A stored reading as remote monitoring weighs it. */
export interface StoredReading {
  observationId: string;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
}

/**
 * Codes that measure the same quantity: a glucometer's capillary glucose is held to a goal written
 * for blood glucose, and the other way round. Other codes are held only to goals of their own code.
 */
const SAME_QUANTITY: Record<string, readonly string[]> = {
  '2339-0': ['2339-0', '41653-7'],
  '41653-7': ['2339-0', '41653-7'],
};

/**
 * The upper limit for a reading's code from the care-plan goals, or undefined when no goal sets one
 * (then the reading never counts as out of range). Several goals on one quantity (pre-meal 130 and
 * post-meal 180 mg/dL; a home reading does not say which meal) give the highest: the programme
 * alerts on what breaks every goal, not on an ordinary post-meal reading.
 */
export function upperLimitFor(code: string, targets: readonly GoalTarget[]): number | undefined {
  const codes = SAME_QUANTITY[code] ?? [code];
  const limits = targets.filter((t) => codes.includes(t.code)).map((t) => t.upperLimit);
  return limits.length > 0 ? Math.max(...limits) : undefined;
}

/** One measurement (readings taken at the same instant: a cuff's systolic and diastolic) and whether it broke a goal. */
interface Measurement {
  at: Date;
  outOfRange: StoredReading[];
  limits: Map<string, number>;
}

/**
 * Counts the streak of out-of-range measurements in time order and says which measurements raise
 * an alert (each time the streak reaches the programme's N, after which it starts again). Pure:
 * tested on its own.
 */
export function weighMeasurements(
  readings: readonly StoredReading[],
  targets: readonly GoalTarget[],
  startStreak: number,
  alertAfter: number,
): { streak: number; alerts: Measurement[] } {
  const byTime = new Map<number, Measurement>();
  for (const reading of readings) {
    const key = reading.effectiveAt.getTime();
    let m = byTime.get(key);
    if (!m) byTime.set(key, (m = { at: reading.effectiveAt, outOfRange: [], limits: new Map() }));
    const limit = upperLimitFor(reading.code, targets);
    if (limit !== undefined && reading.value > limit) {
      m.outOfRange.push(reading);
      m.limits.set(reading.code, limit);
    }
  }
  let streak = startStreak;
  const alerts: Measurement[] = [];
  for (const m of [...byTime.values()].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (m.outOfRange.length === 0) {
      streak = 0;
      continue;
    }
    streak += 1;
    if (streak >= alertAfter) {
      alerts.push(m);
      streak = 0;
    }
  }
  return { streak, alerts };
}

// The summary is stored once, in English, like every clinical alert's (docs/remote-monitoring.md).
const english = translator('en');
const nameOf = (code: string) => {
  const key = OBSERVATION_CODES[code]?.key;
  return key ? english(`records.obs_${key}`) : code;
};

/** In-app only (clinical-alerts sends outside the app only that a patient needs review). */
function summaryOf(m: Measurement, alertAfter: number): string {
  const parts = m.outOfRange.map(
    (r) => `${nameOf(r.code)} ${r.value} ${unitLabel(r.unit)} (care-plan target below ${m.limits.get(r.code)})`,
  );
  const streak = alertAfter > 1 ? ` — ${alertAfter} readings in a row` : '';
  return `Home reading above the care-plan target: ${parts.join(', ')}${streak}.`;
}

/**
 * Weighs a device batch's stored readings against the patient's remote-monitoring programmes, in the
 * batch's transaction: updates each enrolment's streak and last reading (clearing a no-readings
 * flag) and raises a clinical alert to the responsible clinician where a programme's rule is met.
 * Returns the enrolments touched (the board is told about them). Two statements when the patient is
 * enrolled (enrolments, goals) plus one per enrolment and per alert; one when not.
 */
export async function weighDeviceReadings(
  tx: Db,
  ctx: RaiseContext,
  audited: AuditedAccess,
  readings: readonly StoredReading[],
): Promise<EnrolmentRow[]> {
  if (readings.length === 0) return [];
  const enrolments = await selectActiveEnrolments(tx, audited);
  if (enrolments.length === 0) return [];
  const codes = [...new Set(enrolments.flatMap((e) => PROGRAMME_CODES[e.programme]))];
  const targets = await activeGoalTargets(tx, audited, codes);
  const touched: EnrolmentRow[] = [];
  for (const enrolment of enrolments) {
    const watched = readings.filter((r) => PROGRAMME_CODES[enrolment.programme].includes(r.code));
    if (watched.length === 0) continue;
    // Every watched reading is on the board, so the board is told (touched); readings from before
    // the enrolment (a backfill) are stored and shown but never weighed or alerting.
    touched.push(enrolment);
    const relevant = watched.filter((r) => r.effectiveAt >= enrolment.enrolledAt);
    if (relevant.length === 0) continue;
    const { streak, alerts } = weighMeasurements(relevant, targets, enrolment.outOfRangeStreak, enrolment.alertAfterReadings);
    const latest = new Date(Math.max(...relevant.map((r) => r.effectiveAt.getTime())));
    await updateEnrolmentAfterReadings(tx, enrolment.id, streak, latest);
    for (const alert of alerts) {
      await raiseClinicalAlert(tx, ctx, {
        patientId: audited.patientId,
        kind: 'remote_monitoring',
        severity: 'high',
        responsible: { userId: enrolment.responsibleUserId },
        source: { type: 'observation', id: alert.outOfRange[0]!.observationId },
        summary: summaryOf(alert, enrolment.alertAfterReadings),
      });
    }
  }
  return touched;
}
