import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { insurancePolicies, patients } from '../../patients/index.js';
import { invoiceLines, invoices } from '../billing.tables.js';
import { cardImages, claimEvents, claimLines, claims, eligibilityChecks } from './insurance.tables.js';
import type { ClaimOutcome, ClaimStatus } from './insurance.vocabulary.js';

export type EligibilityCheckRow = typeof eligibilityChecks.$inferSelect;
export type CardImageRow = typeof cardImages.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;
export type ClaimLineRow = typeof claimLines.$inferSelect;
export type ClaimEventRow = typeof claimEvents.$inferSelect;
export type PolicyRow = typeof insurancePolicies.$inferSelect;

export async function selectPolicy(db: Db, policyId: string): Promise<PolicyRow | undefined> {
  const [row] = await policyQuery(db, policyId);
  return row;
}

/** A policy (zero or one row), not run yet: `policyId` may be a view's placeholder. */
export function policyQuery(db: Db, policyId: string | Placeholder) {
  return db.select().from(insurancePolicies).where(eq(insurancePolicies.id, policyId));
}

/** An invoice's number (zero or one row), not run yet (a claim's page names its invoice). */
export function invoiceNumberQuery(db: Db, invoiceId: string | Placeholder) {
  return db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoiceId));
}

/** The patient's active policy, newest first: the one a claim goes to when none is named. */
export async function selectActivePolicy(db: Db, patientId: string): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(insurancePolicies)
    .where(and(eq(insurancePolicies.patientId, patientId), eq(insurancePolicies.status, 'active')))
    .orderBy(desc(insurancePolicies.createdAt))
    .limit(1);
  return row;
}

export async function insertEligibilityCheck(db: Db, values: typeof eligibilityChecks.$inferInsert): Promise<EligibilityCheckRow> {
  const [row] = await db.insert(eligibilityChecks).values(values).returning();
  return row!;
}

export function selectEligibilityChecks(db: Db, patientId: string, limit: number) {
  return db
    .select()
    .from(eligibilityChecks)
    .where(eq(eligibilityChecks.patientId, patientId))
    .orderBy(desc(eligibilityChecks.checkedAt))
    .limit(limit);
}

export async function insertCardImage(db: Db, values: typeof cardImages.$inferInsert): Promise<CardImageRow> {
  const [row] = await db.insert(cardImages).values(values).returning();
  return row!;
}

export async function selectCardImage(db: Db, id: string): Promise<CardImageRow | undefined> {
  const [row] = await db.select().from(cardImages).where(eq(cardImages.id, id));
  return row;
}

export function selectCardImages(db: Db, patientId: string, limit: number) {
  return db.select().from(cardImages).where(eq(cardImages.patientId, patientId)).orderBy(desc(cardImages.createdAt)).limit(limit);
}

export async function insertClaim(db: Db, values: typeof claims.$inferInsert): Promise<ClaimRow> {
  const [row] = await db.insert(claims).values(values).returning();
  return row!;
}

export async function insertClaimLines(db: Db, values: (typeof claimLines.$inferInsert)[]): Promise<void> {
  if (values.length) await db.insert(claimLines).values(values);
}

export async function selectClaim(db: Db, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(claims).where(eq(claims.id, id));
  return row;
}

export async function selectClaimForUpdate(db: Db, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(claims).where(eq(claims.id, id)).for('update');
  return row;
}

/** The id of an invoice's claim once it left draft (the link the patient's bill follows); `invoiceId` may be a placeholder. */
export function selectSubmittedClaimIdOfInvoice(db: Db, invoiceId: string | Placeholder) {
  return db
    .select({ id: claims.id })
    .from(claims)
    .where(and(eq(claims.invoiceId, invoiceId), sql`${claims.status} <> 'draft'`));
}

export async function selectClaimByInvoice(db: Db, invoiceId: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(claims).where(eq(claims.invoiceId, invoiceId));
  return row;
}

export async function updateClaim(db: Db, id: string, values: Partial<typeof claims.$inferInsert>): Promise<ClaimRow> {
  const [row] = await db.update(claims).set(values).where(eq(claims.id, id)).returning();
  return row!;
}

/** A claim's lines in order, not run yet (`claimId` may be a view's placeholder). */
export function selectClaimLines(db: Db, claimId: string | Placeholder) {
  return db.select().from(claimLines).where(eq(claimLines.claimId, claimId)).orderBy(asc(claimLines.position));
}

export async function setClaimLinePaid(db: Db, id: string, paidMinor: number): Promise<void> {
  await db.update(claimLines).set({ paidMinor }).where(eq(claimLines.id, id));
}

export async function insertClaimEvent(db: Db, values: typeof claimEvents.$inferInsert): Promise<string> {
  const [row] = await db.insert(claimEvents).values(values).returning({ id: claimEvents.id });
  return row!.id;
}

/** A claim's timeline, oldest first, not run yet (`claimId` may be a view's placeholder). */
export function selectClaimEvents(db: Db, claimId: string | Placeholder) {
  return db.select().from(claimEvents).where(eq(claimEvents.claimId, claimId)).orderBy(asc(claimEvents.occurredAt), asc(claimEvents.seq));
}

export function selectPatientClaims(db: Db, patientId: string, limit: number) {
  return db.select().from(claims).where(eq(claims.patientId, patientId)).orderBy(desc(claims.createdAt)).limit(limit);
}

export interface ClaimQueueRow extends ClaimRow {
  givenName: string;
  familyName: string;
  mrn: string;
  invoiceNumber: string | null;
}

/** Claims in a status (and outcome), oldest change first, with the patient's name: the work queues. */
export function selectClaimQueue(db: Db, status: ClaimStatus, outcome: ClaimOutcome | null, limit: number): Promise<ClaimQueueRow[]> {
  return (
    db
      .select({
        ...claimColumns(),
        givenName: patients.givenName,
        familyName: patients.familyName,
        mrn: patients.mrn,
        // The invoice's number per listed claim (billing_invoices_pkey): a join let the planner
        // merge-join through insurance_claims_invoice_key, reading the claims whole, instead of
        // walking insurance_claims_status_idx in the queue's order.
        invoiceNumber: sql<string | null>`(select ${invoices.number} from ${invoices} where ${invoices.id} = ${claims.invoiceId})`,
      })
      .from(claims)
      .innerJoin(patients, eq(patients.id, claims.patientId))
      .where(and(eq(claims.status, status), outcome ? eq(claims.outcome, outcome) : isNull(claims.outcome)))
      // Fixed by the filter, status and outcome change nothing in the order, but naming them matches
      // insurance_claims_status_idx (status, outcome, updated_at): PostgreSQL does not count
      // `outcome is null` as a constant, so ordering by updated_at alone needed a sort of any index.
      .orderBy(asc(claims.status), asc(claims.outcome), asc(claims.updatedAt))
      .limit(limit)
  );
}

const claimColumns = () => getTableColumns(claims);

/** Invoice lines by id, locked with their invoice by the caller. */
export function selectInvoiceLinesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(invoiceLines)
    .where(inArray(invoiceLines.id, [...ids]));
}

export async function setInvoiceLineShares(db: Db, lineId: string, insurerShareMinor: number, patientShareMinor: number): Promise<void> {
  await db.update(invoiceLines).set({ insurerShareMinor, patientShareMinor }).where(eq(invoiceLines.id, lineId));
}

export function selectPatientPolicies(db: Db, patientId: string) {
  return db
    .select()
    .from(insurancePolicies)
    .where(eq(insurancePolicies.patientId, patientId))
    .orderBy(desc(insurancePolicies.createdAt))
    .limit(20);
}
