import { and, asc, eq, sql } from 'drizzle-orm';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { allergies, conditions, emergencyContacts, insurancePolicies } from './patients.tables.js';

/**
 * SQL for the collections under a patient. Every function takes the AuditedAccess proof, so the
 * data cannot be reached without the audit row having been written in the same transaction.
 */

export type AllergyRow = typeof allergies.$inferSelect;
export type ConditionRow = typeof conditions.$inferSelect;
export type ContactRow = typeof emergencyContacts.$inferSelect;
export type PolicyRow = typeof insurancePolicies.$inferSelect;

type Stamp = { now: Date };

// --- allergies -------------------------------------------------------------------------------
export function listAllergies(db: Db, access: AuditedAccess) {
  return db.select().from(allergies).where(eq(allergies.patientId, access.patientId)).orderBy(asc(allergies.createdAt), asc(allergies.id));
}

export async function findAllergy(db: Db, access: AuditedAccess, id: string): Promise<AllergyRow | undefined> {
  const [row] = await db
    .select()
    .from(allergies)
    .where(and(eq(allergies.id, id), eq(allergies.patientId, access.patientId)));
  return row;
}

export async function insertAllergy(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof allergies.$inferInsert, 'patientId' | 'id' | 'createdAt' | 'updatedAt'>,
  { now }: Stamp,
) {
  const [row] = await db
    .insert(allergies)
    .values({ ...values, patientId: access.patientId, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function updateAllergy(
  db: Db,
  access: AuditedAccess,
  id: string,
  version: number,
  changes: Partial<typeof allergies.$inferInsert>,
  { now }: Stamp,
) {
  const [row] = await db
    .update(allergies)
    .set({ ...changes, updatedAt: now, version: sql`${allergies.version} + 1` })
    .where(and(eq(allergies.id, id), eq(allergies.patientId, access.patientId), eq(allergies.version, version)))
    .returning();
  return row;
}

// --- conditions ------------------------------------------------------------------------------
export function listConditions(db: Db, access: AuditedAccess) {
  return db
    .select()
    .from(conditions)
    .where(eq(conditions.patientId, access.patientId))
    .orderBy(asc(conditions.createdAt), asc(conditions.id));
}

export async function findCondition(db: Db, access: AuditedAccess, id: string): Promise<ConditionRow | undefined> {
  const [row] = await db
    .select()
    .from(conditions)
    .where(and(eq(conditions.id, id), eq(conditions.patientId, access.patientId)));
  return row;
}

export async function insertCondition(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof conditions.$inferInsert, 'patientId' | 'id' | 'createdAt' | 'updatedAt'>,
  { now }: Stamp,
) {
  const [row] = await db
    .insert(conditions)
    .values({ ...values, patientId: access.patientId, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function updateCondition(
  db: Db,
  access: AuditedAccess,
  id: string,
  version: number,
  changes: Partial<typeof conditions.$inferInsert>,
  { now }: Stamp,
) {
  const [row] = await db
    .update(conditions)
    .set({ ...changes, updatedAt: now, version: sql`${conditions.version} + 1` })
    .where(and(eq(conditions.id, id), eq(conditions.patientId, access.patientId), eq(conditions.version, version)))
    .returning();
  return row;
}

// --- emergency contacts ----------------------------------------------------------------------
export function listContacts(db: Db, access: AuditedAccess) {
  return db
    .select()
    .from(emergencyContacts)
    .where(eq(emergencyContacts.patientId, access.patientId))
    .orderBy(asc(emergencyContacts.createdAt), asc(emergencyContacts.id));
}

export async function findContact(db: Db, access: AuditedAccess, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(emergencyContacts)
    .where(and(eq(emergencyContacts.id, id), eq(emergencyContacts.patientId, access.patientId)));
  return row;
}

export async function insertContact(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof emergencyContacts.$inferInsert, 'patientId' | 'id' | 'createdAt' | 'updatedAt'>,
  { now }: Stamp,
) {
  const [row] = await db
    .insert(emergencyContacts)
    .values({ ...values, patientId: access.patientId, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function updateContact(
  db: Db,
  access: AuditedAccess,
  id: string,
  version: number,
  changes: Partial<typeof emergencyContacts.$inferInsert>,
  { now }: Stamp,
) {
  const [row] = await db
    .update(emergencyContacts)
    .set({ ...changes, updatedAt: now, version: sql`${emergencyContacts.version} + 1` })
    .where(and(eq(emergencyContacts.id, id), eq(emergencyContacts.patientId, access.patientId), eq(emergencyContacts.version, version)))
    .returning();
  return row;
}

/** One primary contact per patient: making one primary demotes the others. */
export async function clearPrimaryContact(db: Db, access: AuditedAccess, exceptId: string | null, { now }: Stamp) {
  await db
    .update(emergencyContacts)
    .set({ isPrimary: false, updatedAt: now, version: sql`${emergencyContacts.version} + 1` })
    .where(
      and(
        eq(emergencyContacts.patientId, access.patientId),
        eq(emergencyContacts.isPrimary, true),
        exceptId ? sql`${emergencyContacts.id} <> ${exceptId}` : undefined,
      ),
    );
}

export async function deleteContact(db: Db, access: AuditedAccess, id: string): Promise<boolean> {
  const rows = await db
    .delete(emergencyContacts)
    .where(and(eq(emergencyContacts.id, id), eq(emergencyContacts.patientId, access.patientId)))
    .returning({ id: emergencyContacts.id });
  return rows.length === 1;
}

// --- insurance policies ----------------------------------------------------------------------
export function listPolicies(db: Db, access: AuditedAccess) {
  return db
    .select()
    .from(insurancePolicies)
    .where(eq(insurancePolicies.patientId, access.patientId))
    .orderBy(asc(insurancePolicies.createdAt), asc(insurancePolicies.id));
}

export async function findPolicy(db: Db, access: AuditedAccess, id: string): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(insurancePolicies)
    .where(and(eq(insurancePolicies.id, id), eq(insurancePolicies.patientId, access.patientId)));
  return row;
}

export async function insertPolicy(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof insurancePolicies.$inferInsert, 'patientId' | 'id' | 'createdAt' | 'updatedAt'>,
  { now }: Stamp,
) {
  const [row] = await db
    .insert(insurancePolicies)
    .values({ ...values, patientId: access.patientId, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function updatePolicy(
  db: Db,
  access: AuditedAccess,
  id: string,
  version: number,
  changes: Partial<typeof insurancePolicies.$inferInsert>,
  { now }: Stamp,
) {
  const [row] = await db
    .update(insurancePolicies)
    .set({ ...changes, updatedAt: now, version: sql`${insurancePolicies.version} + 1` })
    .where(and(eq(insurancePolicies.id, id), eq(insurancePolicies.patientId, access.patientId), eq(insurancePolicies.version, version)))
    .returning();
  return row;
}
