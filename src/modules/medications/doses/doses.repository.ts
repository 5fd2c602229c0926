import { and, asc, eq, gte, inArray, isNotNull, lt, lte, sql, type Placeholder } from 'drizzle-orm';
import type { AuditedAccess, AuditedPatients, PreparedAuditedPatients } from '../../../platform/audit/audit.service.js';
import { users } from '../../../platform/auth/auth.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { careTeamMembers, patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { medicationProducts } from '../medications.tables.js';
import { prescriptions } from '../prescriptions.tables.js';
import type { Frequency } from '../prescriptions.frequency.js';
import { medicationDoses, type DoseRow } from './doses.tables.js';
import { isAnyId } from '../../../platform/db/id-lists.js';

/** SQL for planned doses (adherence and its monitors: adherence.repository.ts). Patient data: reads take the audit proof. */

export interface SchedulablePrescription {
  id: string;
  patientId: string;
  frequency: Frequency;
  startsAt: Date;
  durationDays: number | null;
  endsAt: Date | null;
  /** The patient's account zone (null: the hospital's, resolved by the caller). */
  accountZone: string | null;
}

/** Signed, scheduled (not "as needed") prescriptions, all or the ones named, with the patient's zone. */
export async function selectSchedulablePrescriptions(db: Db, ids?: readonly string[]): Promise<SchedulablePrescription[]> {
  const filters = [eq(prescriptions.status, 'signed'), sql`${prescriptions.frequency}->>'kind' <> 'as_needed'`];
  if (ids) filters.push(inArray(prescriptions.id, [...ids]));
  return db
    .select({
      id: prescriptions.id,
      patientId: prescriptions.patientId,
      frequency: prescriptions.frequency,
      startsAt: prescriptions.startsAt,
      durationDays: prescriptions.durationDays,
      endsAt: prescriptions.endsAt,
      accountZone: users.timeZone,
    })
    .from(prescriptions)
    .innerJoin(patients, eq(patients.id, prescriptions.patientId))
    .leftJoin(users, eq(users.id, patients.userId))
    .where(and(...filters));
}

/** One insert for every planned dose; a dose already there (same prescription and instant) is left alone. */
export async function insertPlannedDoses(
  db: Db,
  rows: { prescriptionId: string; patientId: string; dueAt: Date }[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(medicationDoses)
    .values(rows.map((r) => ({ ...r, status: 'pending' as const, remindAt: r.dueAt, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: [medicationDoses.prescriptionId, medicationDoses.dueAt] })
    .returning({ id: medicationDoses.id });
  return inserted.length;
}

/**
 * Removes the window's pending doses of these prescriptions that are no longer planned (the
 * patient's zone changed, so "08:00" is another instant now). Recorded doses are never removed.
 */
export async function deleteUnplannedDoses(
  db: Db,
  prescriptionIds: readonly string[],
  planned: { prescriptionId: string; dueAt: Date }[],
  from: Date,
  to: Date,
): Promise<number> {
  if (prescriptionIds.length === 0) return 0;
  const ids = sql`array[${sql.join(
    planned.map((p) => sql`${p.prescriptionId}`),
    sql`, `,
  )}]::uuid[]`;
  const times = sql`array[${sql.join(
    planned.map((p) => sql`${p.dueAt.toISOString()}`),
    sql`, `,
  )}]::timestamptz[]`;
  const keep =
    planned.length > 0
      ? sql`and (${medicationDoses.prescriptionId}, ${medicationDoses.dueAt}) not in (select * from unnest(${ids}, ${times}))`
      : sql``;
  const deleted = await db
    .delete(medicationDoses)
    .where(
      and(
        inArray(medicationDoses.prescriptionId, [...prescriptionIds]),
        eq(medicationDoses.status, 'pending'),
        gte(medicationDoses.dueAt, from),
        lt(medicationDoses.dueAt, to),
        sql`true ${keep}`,
      ),
    )
    .returning({ id: medicationDoses.id });
  return deleted.length;
}

/** Claims the next dose whose reminder is due (SKIP LOCKED: sweepers take different rows), with its patient's account. */
export async function claimDueReminder(db: Db, now: Date, skip: string[]) {
  const [row] = await db
    .select({ dose: medicationDoses, userId: patients.userId, prescriptionStatus: prescriptions.status })
    .from(medicationDoses)
    .innerJoin(prescriptions, eq(prescriptions.id, medicationDoses.prescriptionId))
    .innerJoin(patients, eq(patients.id, medicationDoses.patientId))
    .where(
      and(
        isNotNull(medicationDoses.remindAt),
        lte(medicationDoses.remindAt, now),
        skip.length > 0
          ? sql`${medicationDoses.id} not in (${sql.join(
              skip.map((s) => sql`${s}::uuid`),
              sql`, `,
            )})`
          : undefined,
      ),
    )
    .orderBy(asc(medicationDoses.remindAt))
    .limit(1)
    .for('update', { of: medicationDoses, skipLocked: true });
  return row;
}

export async function markReminded(db: Db, id: string, sent: boolean, now: Date): Promise<void> {
  await db
    .update(medicationDoses)
    .set({ remindAt: null, ...(sent ? { remindersSent: sql`${medicationDoses.remindersSent} + 1` } : {}), updatedAt: now })
    .where(eq(medicationDoses.id, id));
}

export type DoseWithMedicine = DoseRow & { productName: string; prescribedDoseValue: number; prescribedDoseUnit: string };

const doseWithMedicine = {
  dose: medicationDoses,
  productName: medicationProducts.name,
  prescribedDoseValue: prescriptions.doseValue,
  prescribedDoseUnit: prescriptions.doseUnit,
};

/** A dose row with its medicine's name and prescribed dose, flat. */
export function flattenDoses(
  rows: { dose: DoseRow; productName: string; prescribedDoseValue: number; prescribedDoseUnit: string }[],
): DoseWithMedicine[] {
  return rows.map(({ dose, ...rest }) => ({ ...dose, ...rest }));
}

/** The patient's doses in [from, to) of prescriptions still signed, by time; not run yet (read with its audit row in one statement); rows go through `flattenDoses`. */
export function patientDosesQuery(db: Db, access: AuditedAccess, from: Date | Placeholder, to: Date | Placeholder) {
  return db
    .select(doseWithMedicine)
    .from(medicationDoses)
    .innerJoin(prescriptions, eq(prescriptions.id, medicationDoses.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(
      and(
        eq(medicationDoses.patientId, access.patientId),
        gte(medicationDoses.dueAt, from),
        lt(medicationDoses.dueAt, to),
        eq(prescriptions.status, 'signed'),
      ),
    )
    .orderBy(asc(medicationDoses.dueAt), asc(medicationDoses.id));
}

/** The patient a dose belongs to (to decide access before reading it), or undefined. */
export async function findDosePatientId(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ patientId: medicationDoses.patientId }).from(medicationDoses).where(eq(medicationDoses.id, id));
  return row?.patientId;
}

/** One dose with its medicine, locked for a change when asked. */
export async function findDose(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<(DoseWithMedicine & { prescriptionStatus: string }) | undefined> {
  const query = db
    .select({ ...doseWithMedicine, prescriptionStatus: prescriptions.status })
    .from(medicationDoses)
    .innerJoin(prescriptions, eq(prescriptions.id, medicationDoses.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(eq(medicationDoses.id, id));
  const [row] = forUpdate ? await query.for('update', { of: medicationDoses }) : await query;
  return row
    ? {
        ...row.dose,
        productName: row.productName,
        prescribedDoseValue: row.prescribedDoseValue,
        prescribedDoseUnit: row.prescribedDoseUnit,
        prescriptionStatus: row.prescriptionStatus,
      }
    : undefined;
}

export async function updateDose(db: Db, id: string, version: number, values: Partial<DoseRow>): Promise<boolean> {
  const rows = await db
    .update(medicationDoses)
    .set({ ...values, version: sql`${medicationDoses.version} + 1` })
    .where(and(eq(medicationDoses.id, id), eq(medicationDoses.version, version)))
    .returning({ id: medicationDoses.id });
  return rows.length === 1;
}

/** The accounts of the patient's active care team (who the adherence alert goes to). */
export async function selectCareTeamUserIds(db: Db, patientId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: staffProfiles.userId })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        sql`${careTeamMembers.removedAt} is null`,
        lte(careTeamMembers.startsAt, now),
        sql`(${careTeamMembers.endsAt} is null or ${careTeamMembers.endsAt} > ${now})`,
      ),
    );
  return rows.map((r) => r.userId).filter((u): u is string => u !== null);
}

/**
 * Pending doses of signed prescriptions of the audited patients, due in [from, to), by time; not run
 * yet (each row goes through `flattenDoses`). For a statement built once, the patients are the audit
 * rows' own placeholder and the window may be placeholders.
 */
export function departmentDosesQuery(
  db: Db,
  audited: AuditedPatients | PreparedAuditedPatients,
  from: Date | Placeholder,
  to: Date | Placeholder,
) {
  return db
    .select(doseWithMedicine)
    .from(medicationDoses)
    .innerJoin(prescriptions, eq(prescriptions.id, medicationDoses.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .where(
      and(
        isAnyId(medicationDoses.patientId, audited.patientIds),
        eq(medicationDoses.status, 'pending'),
        gte(medicationDoses.dueAt, from),
        lt(medicationDoses.dueAt, to),
        eq(prescriptions.status, 'signed'),
      ),
    )
    .orderBy(asc(medicationDoses.dueAt), asc(medicationDoses.id));
}
