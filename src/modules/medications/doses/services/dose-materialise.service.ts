import type { Db } from '../../../../platform/db/database.js';
import { effectiveTimeZone } from '../../../../platform/time/zoned-time.js';
import { courseEnd, plannedDoses } from '../dose-schedule.js';
import { deleteUnplannedDoses, insertPlannedDoses, selectSchedulablePrescriptions } from '../doses.repository.js';

/** How far ahead dose rows exist (docs/medications.md "Dose schedules"). */
export const DOSE_WINDOW_HOURS = 48;
/**
 * At signing, the new course's doses due in this many hours before now are written too: a course
 * that starts "now" is signed a few minutes after it was drafted, and its first dose is still due.
 */
export const SIGNING_LOOKBACK_HOURS = 2;

/**
 * Writes a row for every planned dose of the signed prescriptions (all, or the ones named) from
 * `now` (for the ones named at signing, 2 hours before) to `now + 48 h`, in the patient's zone (their account's, else the hospital's). Idempotent:
 * the unique (prescription, instant) index keeps a second run from adding anything. Pending doses
 * of the window no longer planned (the patient changed zone) are removed first, so a wall time
 * never doses twice. Returns the number of rows added.
 */
export async function materialiseDoses(db: Db, now: Date, prescriptionIds?: readonly string[]): Promise<number> {
  const to = new Date(now.getTime() + DOSE_WINDOW_HOURS * 3_600_000);
  const from = prescriptionIds ? new Date(now.getTime() - SIGNING_LOOKBACK_HOURS * 3_600_000) : now;
  const rows: { prescriptionId: string; patientId: string; dueAt: Date }[] = [];
  const prescriptions = await selectSchedulablePrescriptions(db, prescriptionIds);
  for (const p of prescriptions) {
    const timeZone = effectiveTimeZone(p.accountZone);
    const endsAt = courseEnd(p.startsAt, p.durationDays, p.endsAt, timeZone);
    for (const dueAt of plannedDoses({ frequency: p.frequency, startsAt: p.startsAt, endsAt, timeZone }, from, to)) {
      rows.push({ prescriptionId: p.id, patientId: p.patientId, dueAt });
    }
  }
  // Bounded statements: a hospital's worth of prescriptions does not make one giant statement.
  for (let i = 0; i < prescriptions.length; i += 200) {
    const ids = new Set(prescriptions.slice(i, i + 200).map((p) => p.id));
    await deleteUnplannedDoses(
      db,
      [...ids],
      rows.filter((r) => ids.has(r.prescriptionId)),
      from,
      to,
    );
  }
  let added = 0;
  for (let i = 0; i < rows.length; i += 1000) added += await insertPlannedDoses(db, rows.slice(i, i + 1000), now);
  return added;
}
