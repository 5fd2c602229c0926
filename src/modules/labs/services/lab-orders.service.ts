import { and, asc, desc, eq, inArray, sql, type Placeholder } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { auditActorOf, auditPatientsAccess } from '../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { AppError, conflict, notFound, unprocessable } from '../../../platform/errors.js';
import { patients } from '../../patients/index.js';
import { findEncounterPatientId } from '../../records/index.js';
import { labOrders, labPanels, labResults, labTests } from '../labs.tables.js';
import { PRIORITY_RANK, TRANSITIONS, type LabOrderStatus, type LabPriority } from '../labs.vocabulary.js';
import { labAccess, type LabPatient } from './lab-access.js';
import { decideSendOut, queueSendOutMessage, type SendOutDeps } from './lab-send-out.js';

export type LabOrderRow = typeof labOrders.$inferSelect;
export type LabResultRow = typeof labResults.$inferSelect;

export interface CreateLabOrderInput {
  /** A test or panel code of the catalogue (e.g. BMP, K). */
  item: string;
  priority: LabPriority;
  indication: string;
  fasting: boolean;
  encounterId?: string | null;
  /** The doctor's choice to send an in-house test to the outside laboratory (docs/labs.md "Sent out"). */
  sendOut?: boolean;
}

/**
 * Orders a test or a panel for a patient (doctors on the care team, or with break-the-glass). Audited.
 * Whether it goes to the outside laboratory is decided here (the catalogue, or the doctor's choice);
 * its message goes at collection, when it has its accession (placer) number.
 */
export async function createLabOrder(
  db: Db,
  outbound: SendOutDeps,
  ctx: ServiceContext,
  patientId: string,
  input: CreateLabOrderInput,
): Promise<LabOrderRow> {
  const access = await labAccess(db, ctx, patientId, 'lab_order.create');
  const [[panel], [test]] = await Promise.all([
    db
      .select()
      .from(labPanels)
      .where(and(eq(labPanels.code, input.item), eq(labPanels.active, true))),
    db
      .select()
      .from(labTests)
      .where(and(eq(labTests.code, input.item), eq(labTests.active, true))),
  ]);
  if (!panel && !test)
    throw new AppError('unprocessable', 'This test or panel is not in the catalogue.', {
      errors: [{ path: 'item', message: 'Choose a test or panel from the catalogue.' }],
    });
  if (input.encounterId) {
    const owner = await findEncounterPatientId(db, input.encounterId);
    if (owner !== patientId) throw notFound('The encounter');
  }
  const testCodes = panel?.testCodes ?? [test!.code];
  const performers = panel
    ? (await db.select({ performedBy: labTests.performedBy }).from(labTests).where(inArray(labTests.code, testCodes))).map(
        (r) => r.performedBy,
      )
    : [test!.performedBy];
  const sendOut = decideSendOut(performers, input.sendOut, outbound);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(labOrders)
      .values({
        patientId,
        encounterId: input.encounterId ?? null,
        orderedBy: ctx.actor.userId,
        itemKind: panel ? 'panel' : 'test',
        itemCode: input.item,
        itemName: panel?.name ?? test!.name,
        testCodes,
        sendOut,
        priority: input.priority,
        priorityRank: PRIORITY_RANK[input.priority],
        indication: input.indication,
        fasting: input.fasting,
        orderedAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await access.audit(tx, {
      action: 'lab_order.create',
      resourceType: 'lab_order',
      resourceId: row!.id,
      category: 'clinical',
      detail: { item: input.item, priority: input.priority, ...(sendOut ? { sendOut } : {}) },
    });
    return row!;
  });
}

async function orderPatientId(db: Db, orderId: string): Promise<string | undefined> {
  const [row] = await db.select({ patientId: labOrders.patientId }).from(labOrders).where(eq(labOrders.id, orderId));
  return row?.patientId;
}

/** The access to an order's patient; an unknown order is 404 like an inaccessible one. */
export async function accessOrder(db: Db, ctx: ServiceContext, orderId: string, action: string) {
  const patientId = await orderPatientId(db, orderId);
  if (!patientId) throw notFound('The laboratory order');
  return labAccess(db, ctx, patientId, action);
}

export interface LabOrderDetail {
  order: LabOrderRow;
  patient: LabPatient;
  /** Every value filed, current and superseded, oldest first. */
  results: LabResultRow[];
  tests: { code: string; name: string; unit: string | null; loinc: string; resultKind: 'numeric' | 'text' }[];
}

/**
 * One order with every value filed and its tests' names: the access decision, then ONE statement
 * built once (issue 11; was a transaction of four): the `lab_order.read` row with the order (of the
 * patient the row names), its results and its tests.
 */
export async function getLabOrder(db: Db, ctx: ServiceContext, orderId: string): Promise<LabOrderDetail> {
  const access = await accessOrder(db, ctx, orderId, 'lab_order.read');
  const audit = access.viewAudit({ action: 'lab_order.read', resourceType: 'lab_order', resourceId: orderId, category: 'clinical' });
  const { order, results, tests } = await labOrderViews(
    db,
    'order',
    audit,
    (db, audited, param: (name: 'orderId') => Placeholder) => ({
      order: deferRead(
        db
          .select()
          .from(labOrders)
          .where(and(eq(labOrders.id, param('orderId')), eq(labOrders.patientId, audited.patientId))),
        ([row]) => row,
      ),
      results: deferRead(
        db
          .select()
          .from(labResults)
          .where(and(eq(labResults.orderId, param('orderId')), eq(labResults.patientId, audited.patientId)))
          .orderBy(asc(labResults.createdAt)),
        (rows): LabResultRow[] => rows,
      ),
      tests: deferRead(
        db
          .select({ code: labTests.code, name: labTests.name, unit: labTests.unit, loinc: labTests.loinc, resultKind: labTests.resultKind })
          .from(labTests)
          .where(
            sql`${labTests.code} = any(select unnest(${labOrders.testCodes}) from ${labOrders} where ${labOrders.id} = ${param('orderId')})`,
          ),
        (rows): LabOrderDetail['tests'] => rows,
      ),
    }),
    { orderId },
  );
  if (!order) throw notFound('The laboratory order');
  const byCode = new Map(tests.map((t) => [t.code, t]));
  return {
    order,
    patient: access.patient,
    results,
    tests: order.testCodes.map((c) => byCode.get(c)).filter((t) => t !== undefined),
  };
}

const labOrderViews = auditedViews();

/**
 * A patient's orders, newest first: by default at most 100 (the API), or a page of `limit` after
 * `cursor` (the staff page, 20 at a time). Keyset on (ordered_at, id) through lab_orders_patient_idx.
 */
export async function listPatientLabOrders(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  page: { limit?: number; cursor?: string } = {},
): Promise<{ patient: LabPatient; orders: LabOrderRow[]; nextCursor: string | null }> {
  const limit = page.limit ?? 100;
  const after = decodeCursor(page.cursor);
  if (after && (after.length !== 2 || Number.isNaN(Date.parse(String(after[0]))) || !/^[0-9a-f-]{36}$/i.test(String(after[1]))))
    throw new AppError('validation_failed', 'The cursor is not valid.', { errors: [{ path: 'cursor', message: 'Invalid cursor' }] });
  const access = await labAccess(db, ctx, patientId, 'lab_order.list');
  return db.transaction(async (tx) => {
    await access.audit(tx, { action: 'lab_order.list', resourceType: 'lab_order', category: 'clinical' });
    const rows = await tx
      .select()
      .from(labOrders)
      .where(
        and(
          eq(labOrders.patientId, patientId),
          after
            ? sql`(${labOrders.orderedAt}, ${labOrders.id}) < (${new Date(String(after[0])).toISOString()}::timestamptz, ${String(after[1])}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(labOrders.orderedAt), desc(labOrders.id))
      .limit(limit + 1);
    const orders = rows.slice(0, limit);
    const last = orders[orders.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor([last.orderedAt.toISOString(), last.id]) : null;
    return { patient: access.patient, orders, nextCursor };
  });
}

/**
 * One step of an order as a conditional update: only from the states the step allows (and, when
 * given, the version the person saw). Anything else — an illegal step, or someone else's step first —
 * is 409 with the order's current state; nothing changes.
 */
export async function stepOrder(
  tx: Db,
  orderId: string,
  from: readonly LabOrderStatus[],
  set: Partial<typeof labOrders.$inferInsert>,
  now: Date,
  version?: number,
): Promise<LabOrderRow> {
  const [row] = await tx
    .update(labOrders)
    .set({ ...set, version: sql`${labOrders.version} + 1`, updatedAt: now })
    .where(
      and(
        eq(labOrders.id, orderId),
        inArray(labOrders.status, [...from]),
        version === undefined ? undefined : eq(labOrders.version, version),
      ),
    )
    .returning();
  if (row) return row;
  const [current] = await tx
    .select({ status: labOrders.status, version: labOrders.version })
    .from(labOrders)
    .where(eq(labOrders.id, orderId));
  if (!current) throw notFound('The laboratory order');
  throw conflict('This order is not in a state that allows this step (someone may have moved it on meanwhile). Reload it.', 'conflict', {
    status: current.status,
    version: current.version,
  });
}

type Step = 'collect' | 'receive' | 'cancel';

/**
 * Collects (specimen, accession number), receives in the laboratory, or cancels with a reason. Audited.
 * A sent-out order's ORM^O01 is queued in the same transaction: NW at collection, CA at
 * cancellation once NW went (an order cancelled before collection was never sent).
 */
export async function moveLabOrder(
  db: Db,
  outbound: SendOutDeps,
  ctx: ServiceContext,
  orderId: string,
  step: Step,
  options: { reason?: string; version?: number } = {},
): Promise<LabOrderRow> {
  const access = await accessOrder(db, ctx, orderId, `lab_order.${step}`);
  if (step === 'cancel' && !options.reason?.trim()) {
    throw unprocessable('Say why the order is cancelled.');
  }
  return db.transaction(async (tx) => {
    let set: Partial<typeof labOrders.$inferInsert>;
    if (step === 'collect') {
      const [first] = await tx
        .select({ specimen: labTests.specimen })
        .from(labTests)
        .innerJoin(labOrders, sql`${labTests.code} = ${labOrders.testCodes}[1]`)
        .where(eq(labOrders.id, orderId));
      set = {
        status: 'collected',
        collectedAt: ctx.now,
        collectedBy: ctx.actor.userId,
        specimen: first?.specimen ?? null,
        accessionNumber: sql`'A' || nextval('lab_accession_seq')::text` as unknown as string,
      };
    } else if (step === 'receive') {
      set = { status: 'received', receivedAt: ctx.now, receivedBy: ctx.actor.userId };
    } else {
      set = { status: 'cancelled', cancelledAt: ctx.now, cancelledBy: ctx.actor.userId, cancelReason: options.reason!.trim() };
    }
    const row = await stepOrder(tx, orderId, TRANSITIONS[step], set, ctx.now, options.version);
    const sentOut = row.sendOut && step !== 'receive';
    if (sentOut) await queueSendOutMessage(tx, outbound, row, access.patient, step === 'collect' ? 'new' : 'cancel', ctx.now);
    await access.audit(tx, {
      action: `lab_order.${step}`,
      resourceType: 'lab_order',
      resourceId: orderId,
      category: 'clinical',
      detail: {
        ...(step === 'collect' ? { accessionNumber: row.accessionNumber } : {}),
        ...(sentOut && row.accessionNumber ? { sentOut: step === 'collect' ? 'new' : 'cancel' } : {}),
      },
    });
    return row;
  });
}

export interface QueueRow {
  order: LabOrderRow;
  patient: { id: string; mrn: string; givenName: string; familyName: string };
}

/**
 * The laboratory's work: orders to collect, to receive and to result, stat first, then urgent,
 * then routine, oldest first within a priority (at most 200). One audit row per patient shown.
 */
export async function listLabQueue(db: Db, ctx: ServiceContext): Promise<QueueRow[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        order: labOrders,
        patient: { id: patients.id, mrn: patients.mrn, givenName: patients.givenName, familyName: patients.familyName },
      })
      .from(labOrders)
      .innerJoin(patients, eq(patients.id, labOrders.patientId))
      .where(sql`${labOrders.status} in ('ordered','collected','received')`)
      .orderBy(asc(labOrders.priorityRank), asc(labOrders.orderedAt))
      .limit(200);
    const seen = [...new Set(rows.map((r) => r.patient.id))];
    await auditPatientsAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      seen.map((patientId) => ({
        action: 'lab_queue.list',
        resourceType: 'lab_order',
        patientId,
        category: 'clinical' as const,
        detail: { relationship: 'laboratory' },
      })),
      ctx.now,
    );
    return rows;
  });
}
