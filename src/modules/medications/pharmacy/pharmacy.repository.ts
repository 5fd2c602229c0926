import { and, asc, desc, eq, gt, isNull, lt, or, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { staffProfiles } from '../../staff/index.js';
import { medicationProducts } from '../medications.tables.js';
import { prescriptionAlerts, prescriptions } from '../prescriptions.tables.js';
import {
  pharmacyQueries,
  prescriptionDispenses,
  prescriptionVerifications,
  type DispenseRow,
  type PharmacyQueryRow,
  type VerificationRow,
} from './pharmacy.tables.js';

/**
 * SQL of the pharmacy. The queue and the recent-dispenses list read ids and medicine facts first;
 * the service then writes one audit row per patient shown before names are read with them.
 * Everything about one prescription needs the audit proof.
 */

/** The signed name of a staff member (given and family name), or null without a staff profile. */
const nameOf = (profile: { givenName: SQLWrapper; familyName: SQLWrapper }) =>
  sql<string | null>`nullif(concat_ws(' ', ${profile.givenName}, ${profile.familyName}), '')`;

/** The prescription's patient and status, to decide the pharmacy's access before reading it. */
export async function findPrescriptionStage(db: Db, id: string): Promise<{ patientId: string; status: string } | undefined> {
  const [row] = await db
    .select({ patientId: prescriptions.patientId, status: prescriptions.status })
    .from(prescriptions)
    .where(eq(prescriptions.id, id));
  return row;
}

const prescriber = alias(staffProfiles, 'prescriber');

const hasOverride = sql<boolean>`exists (select 1 from ${prescriptionAlerts} where ${prescriptionAlerts.prescriptionId} = ${prescriptions.id} and ${prescriptionAlerts.requiresOverride})`;
const hasOpenQuery = sql<boolean>`exists (select 1 from ${pharmacyQueries} where ${pharmacyQueries.prescriptionId} = ${prescriptions.id} and ${pharmacyQueries.answeredAt} is null)`;
const dispensedSum = sql<string>`(select coalesce(sum(${prescriptionDispenses.quantityValue}), 0) from ${prescriptionDispenses} where ${prescriptionDispenses.prescriptionId} = ${prescriptions.id})`;

const queueColumns = {
  prescriptionId: prescriptions.id,
  patientId: prescriptions.patientId,
  productId: prescriptions.productId,
  productName: medicationProducts.name,
  doseValue: prescriptions.doseValue,
  doseUnit: prescriptions.doseUnit,
  route: prescriptions.route,
  frequency: prescriptions.frequency,
  quantityValue: prescriptions.quantityValue,
  quantityUnit: prescriptions.quantityUnit,
  refills: prescriptions.refills,
  prescriberId: prescriptions.prescriberId,
  prescriberName: nameOf(prescriber),
  signedAt: prescriptions.signedAt,
  hasOverride,
  openQuery: hasOpenQuery,
  verifiedAt: prescriptionVerifications.decidedAt,
};
export type QueueRow = Awaited<ReturnType<typeof listQueue>>[number];

/**
 * One page of the queue. `verification`: signed and not decided, oldest signed first
 * (prescriptions_signed_queue_idx). `dispensing`: signed, verified, and not all of quantity ×
 * (1 + refills) dispensed yet, oldest verification first (prescription_verifications_verified_idx).
 */
export async function listQueue(db: Db, stage: 'verification' | 'dispensing', after: { at: Date; id: string } | undefined, limit: number) {
  const base = db
    .select(queueColumns)
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .leftJoin(prescriber, eq(prescriber.userId, prescriptions.prescriberId))
    .leftJoin(prescriptionVerifications, eq(prescriptionVerifications.prescriptionId, prescriptions.id));
  if (stage === 'verification') {
    const filters: SQL[] = [eq(prescriptions.status, 'signed'), isNull(prescriptionVerifications.id)];
    if (after) {
      filters.push(or(gt(prescriptions.signedAt, after.at), and(eq(prescriptions.signedAt, after.at), gt(prescriptions.id, after.id)))!);
    }
    return base
      .where(and(...filters))
      .orderBy(asc(prescriptions.signedAt), asc(prescriptions.id))
      .limit(limit);
  }
  const filters: SQL[] = [
    eq(prescriptions.status, 'signed'),
    eq(prescriptionVerifications.decision, 'verified'),
    sql`(${prescriptions.quantityValue} is null or ${dispensedSum} < ${prescriptions.quantityValue} * (1 + ${prescriptions.refills}))`,
  ];
  if (after) {
    filters.push(
      or(
        gt(prescriptionVerifications.decidedAt, after.at),
        and(eq(prescriptionVerifications.decidedAt, after.at), gt(prescriptionVerifications.prescriptionId, after.id)),
      )!,
    );
  }
  return base
    .where(and(...filters))
    .orderBy(asc(prescriptionVerifications.decidedAt), asc(prescriptionVerifications.prescriptionId))
    .limit(limit);
}

/** One prescription as the pharmacy sees it: the medicine, the prescriber's name and the banner's patient facts. */
export async function findPharmacyPrescription(db: Db, access: AuditedAccess, id: string, options: { forUpdate?: boolean } = {}) {
  const query = pharmacyPrescriptionQuery(db, access, id);
  const [row] = options.forUpdate ? await query.for('update', { of: prescriptions }) : await query;
  return row;
}

/** The same read, not run yet (to read it with the view's other parts in one statement). */
export function pharmacyPrescriptionQuery(db: Db, access: AuditedAccess, id: string | Placeholder) {
  return db
    .select({
      id: prescriptions.id,
      patientId: prescriptions.patientId,
      status: prescriptions.status,
      productId: prescriptions.productId,
      productName: medicationProducts.name,
      doseValue: prescriptions.doseValue,
      doseUnit: prescriptions.doseUnit,
      route: prescriptions.route,
      frequency: prescriptions.frequency,
      quantityValue: prescriptions.quantityValue,
      quantityUnit: prescriptions.quantityUnit,
      refills: prescriptions.refills,
      instructions: prescriptions.instructions,
      prescriberId: prescriptions.prescriberId,
      prescriberName: nameOf(prescriber),
      signedAt: prescriptions.signedAt,
      patientGivenName: patients.givenName,
      patientFamilyName: patients.familyName,
      patientBirthDate: patients.birthDate,
      patientSex: patients.sex,
      patientMrn: patients.mrn,
      patientDeceased: patients.deceased,
      patientAllergyStatus: patients.allergyStatus,
      patientUserId: patients.userId,
    })
    .from(prescriptions)
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .innerJoin(patients, eq(patients.id, prescriptions.patientId))
    .leftJoin(prescriber, eq(prescriber.userId, prescriptions.prescriberId))
    .where(and(eq(prescriptions.id, id), eq(prescriptions.patientId, access.patientId)));
}
export type PharmacyPrescriptionRow = NonNullable<Awaited<ReturnType<typeof findPharmacyPrescription>>>;

const decider = alias(staffProfiles, 'decider');

export async function findVerification(db: Db, access: AuditedAccess, prescriptionId: string) {
  const [row] = await verificationQuery(db, access, prescriptionId);
  return row;
}

/** The decision on a prescription (zero or one row) with the decider's name, not run yet. */
export function verificationQuery(db: Db, access: AuditedAccess, prescriptionId: string | Placeholder) {
  return db
    .select({ verification: prescriptionVerifications, deciderName: nameOf(decider) })
    .from(prescriptionVerifications)
    .leftJoin(decider, eq(decider.userId, prescriptionVerifications.decidedBy))
    .where(and(eq(prescriptionVerifications.prescriptionId, prescriptionId), eq(prescriptionVerifications.patientId, access.patientId)));
}

/** The decision, or undefined when one already exists (the unique index decides between two at once). */
export async function insertVerification(
  tx: Db,
  access: AuditedAccess,
  values: Omit<typeof prescriptionVerifications.$inferInsert, 'patientId'>,
): Promise<VerificationRow | undefined> {
  const [row] = await tx
    .insert(prescriptionVerifications)
    .values({ ...values, patientId: access.patientId })
    .onConflictDoNothing()
    .returning();
  return row;
}

const asker = alias(staffProfiles, 'asker');
const answerer = alias(staffProfiles, 'answerer');

export function listQueries(db: Db, access: AuditedAccess, prescriptionId: string | Placeholder) {
  return db
    .select({ query: pharmacyQueries, askerName: nameOf(asker), answererName: nameOf(answerer) })
    .from(pharmacyQueries)
    .leftJoin(asker, eq(asker.userId, pharmacyQueries.askedBy))
    .leftJoin(answerer, eq(answerer.userId, pharmacyQueries.answeredBy))
    .where(and(eq(pharmacyQueries.prescriptionId, prescriptionId), eq(pharmacyQueries.patientId, access.patientId)))
    .orderBy(asc(pharmacyQueries.askedAt), asc(pharmacyQueries.id));
}
export type QueryWithNames = Awaited<ReturnType<typeof listQueries>>[number];

/** A new open query, or undefined when one is already open (partial unique index). */
export async function insertQuery(
  tx: Db,
  access: AuditedAccess,
  values: Omit<typeof pharmacyQueries.$inferInsert, 'patientId'>,
): Promise<PharmacyQueryRow | undefined> {
  const [row] = await tx
    .insert(pharmacyQueries)
    .values({ ...values, patientId: access.patientId })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Answers an open query; undefined when it is unknown for this prescription or already answered. */
export async function answerQuery(
  tx: Db,
  access: AuditedAccess,
  prescriptionId: string,
  queryId: string,
  values: { answer: string; answeredBy: string; answeredAt: Date },
): Promise<PharmacyQueryRow | undefined> {
  const [row] = await tx
    .update(pharmacyQueries)
    .set(values)
    .where(
      and(
        eq(pharmacyQueries.id, queryId),
        eq(pharmacyQueries.prescriptionId, prescriptionId),
        eq(pharmacyQueries.patientId, access.patientId),
        isNull(pharmacyQueries.answeredAt),
      ),
    )
    .returning();
  return row;
}

export async function findQuery(db: Db, access: AuditedAccess, prescriptionId: string, queryId: string) {
  const [row] = await db
    .select()
    .from(pharmacyQueries)
    .where(
      and(
        eq(pharmacyQueries.id, queryId),
        eq(pharmacyQueries.prescriptionId, prescriptionId),
        eq(pharmacyQueries.patientId, access.patientId),
      ),
    );
  return row;
}

/** The quantity dispensed so far for a prescription (in its quantity unit). */
export async function sumDispensed(db: Db, access: AuditedAccess, prescriptionId: string): Promise<number> {
  return totalDispensedOf(await dispensedTotalQuery(db, access, prescriptionId));
}

/** The same sum, not run yet; its rows give the number through `totalDispensedOf`. */
export function dispensedTotalQuery(db: Db, access: AuditedAccess, prescriptionId: string | Placeholder) {
  return db
    .select({ total: sql<string>`coalesce(sum(${prescriptionDispenses.quantityValue}), 0)` })
    .from(prescriptionDispenses)
    .where(and(eq(prescriptionDispenses.prescriptionId, prescriptionId), eq(prescriptionDispenses.patientId, access.patientId)));
}

export const totalDispensedOf = (rows: { total: string }[]): number => Number(rows[0]?.total ?? 0);

/** Inserts a dispense once per (prescription, key): `created: false` and the first row on a repeat. */
export async function insertDispenseOnce(
  tx: Db,
  access: AuditedAccess,
  values: Omit<typeof prescriptionDispenses.$inferInsert, 'patientId'>,
): Promise<{ created: boolean; row: DispenseRow }> {
  const [row] = await tx
    .insert(prescriptionDispenses)
    .values({ ...values, patientId: access.patientId })
    .onConflictDoNothing({ target: [prescriptionDispenses.prescriptionId, prescriptionDispenses.idempotencyKey] })
    .returning();
  if (row) return { created: true, row };
  const [existing] = await tx
    .select()
    .from(prescriptionDispenses)
    .where(
      and(eq(prescriptionDispenses.prescriptionId, values.prescriptionId), eq(prescriptionDispenses.idempotencyKey, values.idempotencyKey)),
    );
  return { created: false, row: existing! };
}

const dispenser = alias(staffProfiles, 'dispenser');

/** A prescription's dispenses, newest first (keyset on dispensed_at, id). */
export function listDispenses(
  db: Db,
  access: AuditedAccess,
  prescriptionId: string | Placeholder,
  after: { at: Date; id: string } | undefined,
  limit: number,
) {
  const filters: SQL[] = [eq(prescriptionDispenses.prescriptionId, prescriptionId), eq(prescriptionDispenses.patientId, access.patientId)];
  if (after) filters.push(olderThan(after));
  return db
    .select({ dispense: prescriptionDispenses, dispenserName: nameOf(dispenser) })
    .from(prescriptionDispenses)
    .leftJoin(dispenser, eq(dispenser.userId, prescriptionDispenses.dispensedBy))
    .where(and(...filters))
    .orderBy(desc(prescriptionDispenses.dispensedAt), desc(prescriptionDispenses.id))
    .limit(limit);
}
export type DispenseWithName = Awaited<ReturnType<typeof listDispenses>>[number];

function olderThan(after: { at: Date; id: string }): SQL {
  return or(
    lt(prescriptionDispenses.dispensedAt, after.at),
    and(eq(prescriptionDispenses.dispensedAt, after.at), lt(prescriptionDispenses.id, after.id)),
  )!;
}

/** The pharmacy's recent dispenses, newest first (prescription_dispenses_recent_idx); names come after the audit. */
export async function listRecentDispenses(db: Db, after: { at: Date; id: string } | undefined, limit: number) {
  return db
    .select({
      dispense: prescriptionDispenses,
      dispenserName: nameOf(dispenser),
      productId: prescriptions.productId,
      productName: medicationProducts.name,
    })
    .from(prescriptionDispenses)
    .innerJoin(prescriptions, eq(prescriptions.id, prescriptionDispenses.prescriptionId))
    .innerJoin(medicationProducts, eq(medicationProducts.id, prescriptions.productId))
    .leftJoin(dispenser, eq(dispenser.userId, prescriptionDispenses.dispensedBy))
    .where(after ? olderThan(after) : undefined)
    .orderBy(desc(prescriptionDispenses.dispensedAt), desc(prescriptionDispenses.id))
    .limit(limit);
}

/** The prescription and patient a dispense belongs to (to decide access before reading it). */
export async function findDispenseOwner(db: Db, dispenseId: string) {
  const [row] = await db
    .select({ prescriptionId: prescriptionDispenses.prescriptionId, patientId: prescriptionDispenses.patientId })
    .from(prescriptionDispenses)
    .where(eq(prescriptionDispenses.id, dispenseId));
  return row;
}

export async function findDispense(db: Db, access: AuditedAccess, dispenseId: string) {
  const [row] = await db
    .select({ dispense: prescriptionDispenses, dispenserName: nameOf(dispenser) })
    .from(prescriptionDispenses)
    .leftJoin(dispenser, eq(dispenser.userId, prescriptionDispenses.dispensedBy))
    .where(and(eq(prescriptionDispenses.id, dispenseId), eq(prescriptionDispenses.patientId, access.patientId)));
  return row;
}
