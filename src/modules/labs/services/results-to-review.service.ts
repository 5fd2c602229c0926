import { and, asc, eq, sql, type Placeholder } from 'drizzle-orm';
import { auditActorOf, auditValues, preparedAuditInsert } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, preparedReadWithWrites } from '../../../platform/db/read-together.js';
import { patients } from '../../patients/index.js';
import { labOrders, labResults } from '../labs.tables.js';
import type { LabOrderRow } from './lab-orders.service.js';

/** How many resulted orders the list shows (the oldest result first). */
const TO_REVIEW_SHOWN = 100;

export interface ToReviewRow {
  order: LabOrderRow;
  patient: { id: string; mrn: string; givenName: string; familyName: string };
  critical: boolean;
  abnormal: boolean;
}

/**
 * My resulted orders awaiting review, oldest result first (at most 100); one audit row per patient
 * shown. ONE statement built once (issue 11; was a transaction of two built per request): the
 * audit rows are written from the rows read, so they name exactly the patients shown.
 */
export async function listMyResultsToReview(db: Db, ctx: ServiceContext): Promise<ToReviewRow[]> {
  const audit = auditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'lab_result.list', resourceType: 'lab_order', category: 'clinical' },
    ctx.now,
  );
  return toReviewWithAudit(db, { ...audit, userId: ctx.actor.userId });
}

const toReviewWithAudit = preparedReadWithWrites((db, param: (name: 'userId' | `audit_${string}`) => Placeholder) => ({
  read: deferRead(
    db
      .select({
        order: labOrders,
        patient: { id: patients.id, mrn: patients.mrn, givenName: patients.givenName, familyName: patients.familyName },
        critical: sql<boolean>`exists (select 1 from ${labResults} r where r.order_id = ${labOrders.id} and r.superseded_at is null and r.flag in ('critical_low','critical_high'))`,
        abnormal: sql<boolean>`exists (select 1 from ${labResults} r where r.order_id = ${labOrders.id} and r.superseded_at is null and r.flag in ('low','high'))`,
      })
      .from(labOrders)
      .innerJoin(patients, eq(patients.id, labOrders.patientId))
      .where(and(eq(labOrders.orderedBy, param('userId')), eq(labOrders.status, 'resulted')))
      .orderBy(asc(labOrders.resultedAt))
      .limit(TO_REVIEW_SHOWN),
    (rows): ToReviewRow[] => rows,
  ),
  // One row per patient shown, in the order they first appear (a WITH query is scanned in the order it was read).
  writes: (found) => [
    preparedAuditInsert(
      param,
      sql`(select f.patient_id from (select patient_id, row_number() over () as n from ${found}) f group by f.patient_id order by min(f.n)) as shown`,
      { patientId: sql`shown.patient_id` },
    ),
  ],
}));
