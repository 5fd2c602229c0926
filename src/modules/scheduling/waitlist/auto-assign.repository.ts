import { and, count, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { appointments, ACTIVE_APPOINTMENT_STATUSES } from '../appointments/appointments.tables.js';

/** Active appointments of each clinician overlapping [from, to): the load the assignment balances. */
export async function countActiveAppointments(db: Db, staffIds: string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (staffIds.length === 0) return new Map();
  const rows = await db
    .select({ staffId: appointments.staffId, n: count() })
    .from(appointments)
    .where(
      and(
        inArray(appointments.staffId, staffIds),
        inArray(appointments.status, [...ACTIVE_APPOINTMENT_STATUSES]),
        lt(appointments.startsAt, to),
        gt(appointments.endsAt, from),
      ),
    )
    .groupBy(appointments.staffId);
  return new Map(rows.map((r) => [r.staffId, Number(r.n)]));
}

/** The clinicians among these who have seen the patient (a completed or checked-in visit). */
export async function selectCliniciansSeenBy(db: Db, patientId: string, staffIds: string[]): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ staffId: appointments.staffId })
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, patientId),
        inArray(appointments.staffId, staffIds),
        inArray(appointments.status, ['completed', 'checked_in']),
      ),
    );
  return new Set(rows.map((r) => r.staffId));
}

export async function selectPreferredLanguage(db: Db, patientId: string): Promise<string | null> {
  const [row] = await db.select({ language: patients.preferredLanguage }).from(patients).where(eq(patients.id, patientId)).limit(1);
  return row?.language ?? null;
}
