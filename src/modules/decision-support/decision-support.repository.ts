import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { users } from '../../platform/auth/auth.tables.js';
import { dsConditions, dsGuidelines } from './decision-support.tables.js';

/** SQL for the knowledge base and the guideline library (hospital reference data, no patient data). */

export type ConditionRow = typeof dsConditions.$inferSelect;
export type GuidelineRow = typeof dsGuidelines.$inferSelect;

/** The most entries a list shows: the knowledge base is the hospital's own, tens of rows, not thousands. */
export const MAX_ENTRIES = 500;

/** Every entry by name, with the approving doctor's e-mail (one statement, the name index). */
export function selectConditions(db: Db, options: { activeOnly?: boolean } = {}) {
  return db
    .select({ condition: dsConditions, approvedByEmail: users.email })
    .from(dsConditions)
    .leftJoin(users, eq(users.id, dsConditions.approvedBy))
    .where(options.activeOnly ? eq(dsConditions.active, true) : undefined)
    .orderBy(asc(dsConditions.name), asc(dsConditions.id))
    .limit(MAX_ENTRIES);
}

/**
 * What the browse page shows of every entry: its name, code, how many findings and how it stands,
 * not the findings, discriminators and sources themselves (issue 11: reading and decoding those
 * whole was a third of the page's time).
 */
export function selectConditionSummaries(db: Db) {
  return db
    .select({
      id: dsConditions.id,
      name: dsConditions.name,
      icd10Code: dsConditions.icd10Code,
      findingCount: sql<number>`jsonb_array_length(${dsConditions.findings})`.mapWith(Number),
      reviewStatus: dsConditions.reviewStatus,
      approvedAt: dsConditions.approvedAt,
      approvedByEmail: users.email,
      active: dsConditions.active,
    })
    .from(dsConditions)
    .leftJoin(users, eq(users.id, dsConditions.approvedBy))
    .orderBy(asc(dsConditions.name), asc(dsConditions.id))
    .limit(MAX_ENTRIES);
}

export type ConditionSummary = Awaited<ReturnType<typeof selectConditionSummaries>>[number];

export async function findCondition(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ condition: dsConditions, approvedByEmail: users.email })
    .from(dsConditions)
    .leftJoin(users, eq(users.id, dsConditions.approvedBy))
    .where(eq(dsConditions.id, id));
  const [row] = options.forUpdate ? await query.for('update', { of: dsConditions }) : await query;
  return row;
}

export async function updateConditionRow(db: Db, id: string, values: Partial<typeof dsConditions.$inferInsert>, fromVersion: number) {
  const rows = await db
    .update(dsConditions)
    .set({ ...values, version: fromVersion + 1 })
    .where(and(eq(dsConditions.id, id), eq(dsConditions.version, fromVersion)))
    .returning({ id: dsConditions.id });
  return rows.length === 1;
}

export function selectGuidelines(db: Db) {
  return db.select().from(dsGuidelines).orderBy(asc(dsGuidelines.title), asc(dsGuidelines.id)).limit(MAX_ENTRIES);
}

export async function insertGuideline(db: Db, values: typeof dsGuidelines.$inferInsert): Promise<GuidelineRow> {
  const [row] = await db.insert(dsGuidelines).values(values).returning();
  return row!;
}
