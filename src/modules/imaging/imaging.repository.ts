import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import {
  imagingInstances,
  imagingOrders,
  imagingReportAddenda,
  imagingReports,
  type ImagingInstanceRow,
  type ImagingOrderRow,
  type ImagingReportRow,
} from './imaging.tables.js';
import type { ImagingOrderStatus } from './imaging.vocabulary.js';

/** SQL for imaging. Reads and writes of a patient's orders take the AuditedAccess proof. */

export interface OrderListRow extends ImagingOrderRow {
  patientName: string;
  givenName: string;
  familyName: string;
  mrn: string;
  orderedByName: string | null;
}

const orderer = alias(staffProfiles, 'orderer');

function selectOrders(db: Db) {
  return db
    .select({
      order: imagingOrders,
      patientName: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`,
      givenName: patients.givenName,
      familyName: patients.familyName,
      mrn: sql<string>`${patients.mrn}::text`,
      orderedByName: sql<string | null>`${orderer.givenName} || ' ' || ${orderer.familyName}`,
    })
    .from(imagingOrders)
    .innerJoin(patients, eq(patients.id, imagingOrders.patientId))
    .leftJoin(orderer, eq(orderer.userId, imagingOrders.orderedBy));
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectOrders>['execute']>>[number];
const toRow = (r: Selected): OrderListRow => ({
  ...r.order,
  patientName: r.patientName,
  givenName: r.givenName,
  familyName: r.familyName,
  mrn: r.mrn,
  orderedByName: r.orderedByName,
});

/** Whose an order is and where it stands (no clinical data): access is resolved from it. */
export async function findOrderStage(db: Db, orderId: string): Promise<{ patientId: string; status: ImagingOrderStatus } | undefined> {
  const [row] = await db
    .select({ patientId: imagingOrders.patientId, status: imagingOrders.status })
    .from(imagingOrders)
    .where(eq(imagingOrders.id, orderId));
  return row;
}

export async function insertOrder(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof imagingOrders.$inferInsert, 'id' | 'patientId' | 'createdAt' | 'updatedAt' | 'version'>,
  now: Date,
): Promise<ImagingOrderRow> {
  const [row] = await db
    .insert(imagingOrders)
    .values({ ...values, patientId: access.patientId, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function findOrder(db: Db, access: AuditedAccess, orderId: string): Promise<OrderListRow | undefined> {
  const [row] = await selectOrders(db).where(and(eq(imagingOrders.id, orderId), eq(imagingOrders.patientId, access.patientId)));
  return row ? toRow(row) : undefined;
}

export async function listPatientOrders(db: Db, access: AuditedAccess): Promise<OrderListRow[]> {
  const rows = await selectOrders(db)
    .where(eq(imagingOrders.patientId, access.patientId))
    .orderBy(desc(imagingOrders.orderedAt), asc(imagingOrders.id))
    .limit(100);
  return rows.map(toRow);
}

/** The radiology worklist: open orders, stat first, then oldest first. */
export async function listWorklist(db: Db, limit: number): Promise<OrderListRow[]> {
  const rows = await selectOrders(db)
    .where(inArray(imagingOrders.status, ['ordered', 'scheduled', 'performed']))
    .orderBy(asc(imagingOrders.priorityRank), asc(imagingOrders.orderedAt), asc(imagingOrders.id))
    .limit(limit);
  return rows.map(toRow);
}

/**
 * A conditional step: changes the order only when it is still in one of `from` (and, when given,
 * at `version`). Undefined when another request got there first: the caller answers 409 / 412.
 */
export async function stepOrder(
  db: Db,
  access: AuditedAccess,
  orderId: string,
  from: ImagingOrderStatus[],
  version: number | undefined,
  set: Partial<typeof imagingOrders.$inferInsert>,
  now: Date,
): Promise<ImagingOrderRow | undefined> {
  const [row] = await db
    .update(imagingOrders)
    .set({ ...set, version: sql`${imagingOrders.version} + 1`, updatedAt: now })
    .where(
      and(
        eq(imagingOrders.id, orderId),
        eq(imagingOrders.patientId, access.patientId),
        inArray(imagingOrders.status, from),
        ...(version !== undefined ? [eq(imagingOrders.version, version)] : []),
      ),
    )
    .returning();
  return row;
}

export async function listInstances(db: Db, access: AuditedAccess, orderId: string): Promise<ImagingInstanceRow[]> {
  return db
    .select({ i: imagingInstances })
    .from(imagingInstances)
    .innerJoin(imagingOrders, eq(imagingOrders.id, imagingInstances.orderId))
    .where(and(eq(imagingInstances.orderId, orderId), eq(imagingOrders.patientId, access.patientId)))
    .orderBy(asc(imagingInstances.seriesInstanceUid), asc(imagingInstances.instanceNumber), asc(imagingInstances.id))
    .then((rows) => rows.map((r) => r.i));
}

export async function insertInstance(db: Db, values: typeof imagingInstances.$inferInsert): Promise<ImagingInstanceRow> {
  const [row] = await db.insert(imagingInstances).values(values).returning();
  return row!;
}

export interface ReportRow extends ImagingReportRow {
  authorName: string | null;
  signedByName: string | null;
}

const author = alias(staffProfiles, 'author');
const signer = alias(staffProfiles, 'signer');

export async function findReport(db: Db, orderId: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select({
      report: imagingReports,
      authorName: sql<string | null>`${author.givenName} || ' ' || ${author.familyName}`,
      signedByName: sql<string | null>`${signer.givenName} || ' ' || ${signer.familyName}`,
    })
    .from(imagingReports)
    .leftJoin(author, eq(author.userId, imagingReports.authorId))
    .leftJoin(signer, eq(signer.userId, imagingReports.signedBy))
    .where(eq(imagingReports.orderId, orderId));
  return row ? { ...row.report, authorName: row.authorName, signedByName: row.signedByName } : undefined;
}

export async function listAddenda(db: Db, reportId: string) {
  return db
    .select({
      id: imagingReportAddenda.id,
      text: imagingReportAddenda.text,
      authorId: imagingReportAddenda.authorId,
      createdAt: imagingReportAddenda.createdAt,
      authorName: sql<string | null>`${author.givenName} || ' ' || ${author.familyName}`,
    })
    .from(imagingReportAddenda)
    .leftJoin(author, eq(author.userId, imagingReportAddenda.authorId))
    .where(eq(imagingReportAddenda.reportId, reportId))
    .orderBy(asc(imagingReportAddenda.createdAt), asc(imagingReportAddenda.id));
}

export async function insertReport(db: Db, values: typeof imagingReports.$inferInsert): Promise<ImagingReportRow | undefined> {
  const [row] = await db.insert(imagingReports).values(values).onConflictDoNothing().returning();
  return row;
}

/** Changes a draft (never a signed report) at the expected version; undefined when that lost. */
export async function updateDraftReport(
  db: Db,
  reportId: string,
  version: number | undefined,
  set: Partial<typeof imagingReports.$inferInsert>,
  now: Date,
): Promise<ImagingReportRow | undefined> {
  const [row] = await db
    .update(imagingReports)
    .set({ ...set, version: sql`${imagingReports.version} + 1`, updatedAt: now })
    .where(
      and(
        eq(imagingReports.id, reportId),
        eq(imagingReports.status, 'draft'),
        ...(version !== undefined ? [eq(imagingReports.version, version)] : []),
      ),
    )
    .returning();
  return row;
}

export async function insertAddendum(db: Db, values: typeof imagingReportAddenda.$inferInsert) {
  await db.insert(imagingReportAddenda).values(values);
}

/**
 * Links an instance's study to the order and marks it performed: only while the order is open and
 * has no study or this same study (two uploads of different studies cannot both win).
 */
export async function linkStudy(
  db: Db,
  access: AuditedAccess,
  orderId: string,
  studyInstanceUid: string,
  by: string,
  now: Date,
): Promise<ImagingOrderRow | undefined> {
  const [row] = await db
    .update(imagingOrders)
    .set({
      status: 'performed',
      studyInstanceUid,
      performedAt: sql`coalesce(${imagingOrders.performedAt}, ${now.toISOString()}::timestamptz)`,
      performedBy: sql`coalesce(${imagingOrders.performedBy}, ${by}::uuid)`,
      version: sql`${imagingOrders.version} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(imagingOrders.id, orderId),
        eq(imagingOrders.patientId, access.patientId),
        inArray(imagingOrders.status, ['ordered', 'scheduled', 'performed']),
        sql`(${imagingOrders.studyInstanceUid} is null or ${imagingOrders.studyInstanceUid} = ${studyInstanceUid})`,
      ),
    )
    .returning();
  return row;
}

/** Marks a performed order reported (its report was just signed). */
export async function markReported(db: Db, orderId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(imagingOrders)
    .set({ status: 'reported', version: sql`${imagingOrders.version} + 1`, updatedAt: now })
    .where(and(eq(imagingOrders.id, orderId), eq(imagingOrders.status, 'performed')))
    .returning({ id: imagingOrders.id });
  return rows.length === 1;
}

export async function findInstance(db: Db, access: AuditedAccess, orderId: string, instanceId: string) {
  const [row] = await db
    .select({ i: imagingInstances })
    .from(imagingInstances)
    .innerJoin(imagingOrders, eq(imagingOrders.id, imagingInstances.orderId))
    .where(and(eq(imagingInstances.id, instanceId), eq(imagingInstances.orderId, orderId), eq(imagingOrders.patientId, access.patientId)));
  return row?.i;
}

/**
 * An instance's document, for the viewer's byte fetches: the caller has resolved access to the
 * order (`resolveOrderAccess`) and the view is audited by `openStudyViewer` (or by the fetch itself).
 */
export async function findInstanceDocument(db: Db, patientId: string, orderId: string, instanceId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ documentId: imagingInstances.documentId })
    .from(imagingInstances)
    .innerJoin(imagingOrders, eq(imagingOrders.id, imagingInstances.orderId))
    .where(and(eq(imagingInstances.id, instanceId), eq(imagingInstances.orderId, orderId), eq(imagingOrders.patientId, patientId)));
  return row?.documentId;
}
