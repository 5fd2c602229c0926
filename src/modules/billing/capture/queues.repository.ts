import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { charges, invoices } from '../billing.tables.js';
import { unpricedEvents } from './capture.tables.js';

/** Where a page of a queue starts: after the last row of the page before (its sort key and id). */
export interface QueueAfter {
  key: string;
  id: string;
}

const who = { givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn };

/**
 * Completed visits whose charge is on no invoice and whose day is on or before `lastDay`, oldest
 * first (billing_charges_unbilled_visit_idx: service_date, id where unbilled and source visit).
 */
export function selectUnbilledVisits(db: Db, lastDay: string, after: QueueAfter | undefined, limit: number) {
  return db
    .select({
      id: charges.id,
      patientId: charges.patientId,
      ...who,
      code: charges.code,
      description: charges.description,
      serviceDate: charges.serviceDate,
      unitPriceMinor: charges.unitPriceMinor,
      currency: charges.currency,
    })
    .from(charges)
    .innerJoin(patients, eq(patients.id, charges.patientId))
    .where(
      and(
        eq(charges.status, 'unbilled'),
        eq(charges.source, 'visit'),
        lte(charges.serviceDate, lastDay),
        after ? sql`(${charges.serviceDate}, ${charges.id}) > (${after.key}::date, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(charges.serviceDate), asc(charges.id))
    .limit(limit);
}

/** Captured events without a price, oldest first (billing_unpriced_events_open_idx: created_at, id while open). */
export function selectUnpricedEvents(db: Db, after: QueueAfter | undefined, limit: number) {
  return db
    .select({
      id: unpricedEvents.id,
      patientId: unpricedEvents.patientId,
      ...who,
      source: unpricedEvents.source,
      code: unpricedEvents.code,
      description: unpricedEvents.description,
      quantity: unpricedEvents.quantity,
      serviceDate: unpricedEvents.serviceDate,
      reason: unpricedEvents.reason,
      createdAt: unpricedEvents.createdAt,
    })
    .from(unpricedEvents)
    .innerJoin(patients, eq(patients.id, unpricedEvents.patientId))
    .where(
      and(
        isNull(unpricedEvents.resolvedAt),
        after ? sql`(${unpricedEvents.createdAt}, ${unpricedEvents.id}) > (${after.key}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(unpricedEvents.createdAt), asc(unpricedEvents.id))
    .limit(limit);
}

/** Issued or partly paid invoices due before `today`, longest overdue first (billing_invoices_due_idx: due_on, id). */
export function selectOverdueInvoices(db: Db, today: string, after: QueueAfter | undefined, limit: number) {
  return db
    .select({
      id: invoices.id,
      patientId: invoices.patientId,
      ...who,
      number: invoices.number,
      status: invoices.status,
      dueOn: invoices.dueOn,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
    })
    .from(invoices)
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .where(
      and(
        sql`${invoices.status} in ('issued','partly_paid')`,
        lt(invoices.dueOn, today),
        after ? sql`(${invoices.dueOn}, ${invoices.id}) > (${after.key}::date, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(invoices.dueOn), asc(invoices.id))
    .limit(limit);
}
