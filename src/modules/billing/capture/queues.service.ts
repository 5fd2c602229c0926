import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { addDays, hospitalTimeZone, localDateOf } from '../../../platform/time/zoned-time.js';
import { selectOverdueInvoices, selectUnbilledVisits, selectUnpricedEvents, type QueueAfter } from './queues.repository.js';
import type { OverdueInvoiceDto, QueuePage, QueueQuery, UnbilledVisitDto, UnpricedEventDto, WorkQueue } from './queues.schemas.js';

/** A completed visit joins the unbilled queue when its charge is still on no invoice this many days after it. */
export const UNBILLED_AFTER_DAYS = 3;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const nameOf = (r: { patientId: string; givenName: string; familyName: string; mrn: string }) => ({
  id: r.patientId,
  name: `${r.givenName} ${r.familyName}`,
  mrn: r.mrn,
});

function afterOf(cursor: string | undefined): QueueAfter | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [key, id] = values;
  if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(Date.parse(key))) {
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  }
  return { key, id };
}

/** One row more than the page tells whether there is a next page; the cursor is the last row's key and id. */
function paged<R, T>(rows: R[], limit: number, keyOf: (r: R) => [string, string], to: (r: R) => T): QueuePage<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(to), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Registration-tier names of many patients: one audit row for the page, naming them (docs/billing.md "Who"). */
async function auditQueue(db: Db, ctx: ServiceContext, queue: WorkQueue, patientIds: string[]) {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'billing.queue.read',
      resourceType: 'billing_queue',
      category: 'registration',
      detail: { queue, patientIds: [...new Set(patientIds)] },
    },
    ctx.now,
  );
}

export async function listUnbilledVisits(db: Db, ctx: ServiceContext, query: QueueQuery): Promise<QueuePage<UnbilledVisitDto>> {
  const today = localDateOf(ctx.now, hospitalTimeZone());
  const rows = await selectUnbilledVisits(db, addDays(today, -UNBILLED_AFTER_DAYS), afterOf(query.cursor), query.limit + 1);
  const page = paged(
    rows,
    query.limit,
    (r) => [r.serviceDate, r.id],
    (r) => ({
      chargeId: r.id,
      patient: nameOf(r),
      code: r.code,
      description: r.description,
      serviceDate: r.serviceDate,
      daysUnbilled: daysBetween(r.serviceDate, today),
      unitPriceMinor: r.unitPriceMinor,
      currency: r.currency,
    }),
  );
  await auditQueue(
    db,
    ctx,
    'unbilled-visits',
    page.items.map((i) => i.patient.id),
  );
  return page;
}

export async function listUnpricedEvents(db: Db, ctx: ServiceContext, query: QueueQuery): Promise<QueuePage<UnpricedEventDto>> {
  const rows = await selectUnpricedEvents(db, afterOf(query.cursor), query.limit + 1);
  const page = paged(
    rows,
    query.limit,
    (r) => [r.createdAt.toISOString(), r.id],
    (r) => ({
      id: r.id,
      patient: nameOf(r),
      source: r.source,
      code: r.code,
      description: r.description,
      quantity: r.quantity,
      serviceDate: r.serviceDate,
      reason: r.reason,
    }),
  );
  await auditQueue(
    db,
    ctx,
    'unpriced',
    page.items.map((i) => i.patient.id),
  );
  return page;
}

/** Issued invoices not fully paid after their due day (by the injected clock, in the hospital's zone). */
export async function listOverdueInvoices(db: Db, ctx: ServiceContext, query: QueueQuery): Promise<QueuePage<OverdueInvoiceDto>> {
  const today = localDateOf(ctx.now, hospitalTimeZone());
  const rows = await selectOverdueInvoices(db, today, afterOf(query.cursor), query.limit + 1);
  const page = paged(
    rows,
    query.limit,
    (r) => [r.dueOn!, r.id],
    (r) => ({
      invoiceId: r.id,
      patient: nameOf(r),
      number: r.number!,
      status: r.status as 'issued' | 'partly_paid',
      dueOn: r.dueOn!,
      daysOverdue: daysBetween(r.dueOn!, today),
      currency: r.currency,
      balanceMinor: r.totalMinor - r.paidMinor,
    }),
  );
  await auditQueue(
    db,
    ctx,
    'overdue',
    page.items.map((i) => i.patient.id),
  );
  return page;
}
