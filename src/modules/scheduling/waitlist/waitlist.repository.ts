import { and, asc, desc, eq, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { specialties, staffSpecialties } from '../../staff/index.js';
import { waitlistEntries, type WaitlistStatus } from './waitlist.tables.js';

export type WaitlistRow = typeof waitlistEntries.$inferSelect;
export type NewWaitlistRow = typeof waitlistEntries.$inferInsert;

/** An offer is cleared whenever an entry leaves `offered`. */
export const NO_OFFER = { offerStaffId: null, offerStartsAt: null, offerEndsAt: null, offeredAt: null, offerExpiresAt: null } as const;

export async function insertWaitlistEntry(tx: Db, values: NewWaitlistRow): Promise<WaitlistRow> {
  const [row] = await tx.insert(waitlistEntries).values(values).returning();
  return row!;
}

export async function findWaitlistEntry(db: Db, id: string): Promise<WaitlistRow | undefined> {
  const [row] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)).limit(1);
  return row;
}

export async function lockWaitlistEntry(tx: Db, id: string): Promise<WaitlistRow | undefined> {
  const [row] = await tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)).for('update').limit(1);
  return row;
}

/** Moves an entry on only from the status the caller saw (a concurrent move makes it undefined). */
export async function transitionWaitlistEntry(
  tx: Db,
  id: string,
  from: WaitlistStatus,
  changes: Partial<
    Pick<
      NewWaitlistRow,
      | 'status'
      | 'offerStaffId'
      | 'offerStartsAt'
      | 'offerEndsAt'
      | 'offeredAt'
      | 'offerExpiresAt'
      | 'declinedStaffId'
      | 'declinedStartsAt'
      | 'appointmentId'
    >
  >,
  now: Date,
): Promise<WaitlistRow | undefined> {
  const [row] = await tx
    .update(waitlistEntries)
    .set({ ...changes, version: sql`${waitlistEntries.version} + 1`, updatedAt: now })
    .where(and(eq(waitlistEntries.id, id), eq(waitlistEntries.status, from)))
    .returning();
  return row;
}

export interface WaitlistFilters {
  patientId?: string;
  /** Entries naming this clinician. */
  staffId?: string;
  status?: WaitlistStatus;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** A page of entries, newest first (keyset on created_at, id). */
export async function selectWaitlistEntries(db: Db, f: WaitlistFilters): Promise<WaitlistRow[]> {
  const conditions: (SQL | undefined)[] = [
    f.patientId ? eq(waitlistEntries.patientId, f.patientId) : undefined,
    f.status ? eq(waitlistEntries.status, f.status) : undefined,
    f.staffId ? eq(waitlistEntries.staffId, f.staffId) : undefined,
    f.after
      ? or(
          lt(waitlistEntries.createdAt, f.after.createdAt),
          and(eq(waitlistEntries.createdAt, f.after.createdAt), lt(waitlistEntries.id, f.after.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(waitlistEntries)
    .where(and(...conditions))
    .orderBy(desc(waitlistEntries.createdAt), desc(waitlistEntries.id))
    .limit(f.limit);
}

/**
 * Waiting entries a freed slot of this clinician could go to, first come first: the clinician
 * named or anyone of their specialties, the slot's local date (in the entry's zone) inside the
 * entry's dates, not the slot the patient last declined, not the excluded patients or entries.
 * Duration and bookability are checked by the caller, one candidate at a time.
 */
export async function selectWaitingCandidates(
  tx: Db,
  slot: { staffId: string; specialtyIds: string[]; startsAt: Date; excludePatientIds: string[]; excludeEntryIds: string[]; limit: number },
): Promise<WaitlistRow[]> {
  if (slot.specialtyIds.length === 0) return [];
  const startsAt = slot.startsAt.toISOString();
  const localDate = sql`((${startsAt}::timestamptz at time zone ${waitlistEntries.timeZone})::date)`;
  return tx
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.status, 'waiting'),
        inArray(waitlistEntries.specialtyId, slot.specialtyIds),
        or(isNull(waitlistEntries.staffId), eq(waitlistEntries.staffId, slot.staffId)),
        sql`${waitlistEntries.earliestDate} <= ${localDate}`,
        sql`${waitlistEntries.latestDate} >= ${localDate}`,
        sql`not (${waitlistEntries.declinedStaffId} is not distinct from ${slot.staffId} and ${waitlistEntries.declinedStartsAt} is not distinct from ${startsAt}::timestamptz)`,
        slot.excludePatientIds.length > 0 ? notInArray(waitlistEntries.patientId, slot.excludePatientIds) : undefined,
        slot.excludeEntryIds.length > 0 ? notInArray(waitlistEntries.id, slot.excludeEntryIds) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
    .limit(slot.limit);
}

/** Another entry already holds this slot (an offer not yet answered). */
export async function slotIsOffered(tx: Db, staffId: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  const [row] = await tx
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.status, 'offered'),
        eq(waitlistEntries.offerStaffId, staffId),
        lt(waitlistEntries.offerStartsAt, endsAt),
        sql`${waitlistEntries.offerEndsAt} > ${startsAt.toISOString()}::timestamptz`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Offers whose time ran out, oldest first. */
export async function selectDueOffers(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.status, 'offered'), lte(waitlistEntries.offerExpiresAt, now)))
    .orderBy(asc(waitlistEntries.offerExpiresAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Waiting entries whose last day has passed in their own zone end as `expired`. */
export async function expireOutdatedEntries(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(waitlistEntries)
    .set({ status: 'expired', version: sql`${waitlistEntries.version} + 1`, updatedAt: now })
    .where(
      and(
        eq(waitlistEntries.status, 'waiting'),
        sql`${waitlistEntries.latestDate} < ((${now.toISOString()}::timestamptz at time zone ${waitlistEntries.timeZone})::date)`,
      ),
    )
    .returning({ id: waitlistEntries.id });
  return rows.length;
}

export async function selectPatientUserId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, patientId)).limit(1);
  return row?.userId ?? null;
}

export async function selectSpecialtyIdsOfStaff(db: Db, staffId: string): Promise<string[]> {
  const rows = await db.select({ id: staffSpecialties.specialtyId }).from(staffSpecialties).where(eq(staffSpecialties.staffId, staffId));
  return rows.map((r) => r.id);
}

export async function selectStaffIdsOfSpecialty(db: Db, specialtyId: string): Promise<string[]> {
  const rows = await db
    .select({ id: staffSpecialties.staffId })
    .from(staffSpecialties)
    .where(eq(staffSpecialties.specialtyId, specialtyId));
  return rows.map((r) => r.id);
}

export async function specialtyExists(db: Db, specialtyId: string): Promise<boolean> {
  const [row] = await db.select({ id: specialties.id }).from(specialties).where(eq(specialties.id, specialtyId)).limit(1);
  return row !== undefined;
}
