import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, auditPatientsAccess, type AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound, validationFailed } from '../../../platform/errors.js';
import { auditAccess, resolvePatientAccess } from '../../patients/index.js';
import { findEncounterPatientId } from '../../records/index.js';
import {
  findOrder,
  findReport,
  insertOrder,
  listAddenda,
  listInstances,
  listPatientOrders,
  listWorklist,
  stepOrder,
  type OrderListRow,
  type ReportRow,
} from '../imaging.repository.js';
import type { ImagingInstanceRow } from '../imaging.tables.js';
import type { CreateOrderInput, OrderDto, OrderSummaryDto, ReportDto, StudyDto } from '../imaging.schemas.js';
import { PRIORITY_RANK, type ImagingOrderStatus } from '../imaging.vocabulary.js';
import { resolveOrderAccess, type OrderAccess } from './imaging-access.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const personOf = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function toOrderSummary(row: OrderListRow): OrderSummaryDto {
  return {
    id: row.id,
    patient: { id: row.patientId, name: row.patientName, mrn: row.mrn },
    encounterId: row.encounterId,
    modality: row.modality,
    bodyPart: row.bodyPart,
    indication: row.indication,
    priority: row.priority,
    status: row.status,
    orderedBy: personOf(row.orderedBy, row.orderedByName),
    orderedAt: row.orderedAt.toISOString(),
    scheduledFor: iso(row.scheduledFor),
    performedAt: iso(row.performedAt),
    studyInstanceUid: row.studyInstanceUid,
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    version: row.version,
  };
}

export function toStudy(uid: string | null, instances: ImagingInstanceRow[]): StudyDto | null {
  if (!uid || instances.length === 0) return null;
  const uniq = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];
  return {
    studyInstanceUid: uid,
    seriesCount: uniq(instances.map((i) => i.seriesInstanceUid)).length,
    instanceCount: instances.length,
    modalities: uniq(instances.map((i) => i.modality)),
    bodyParts: uniq(instances.map((i) => i.bodyPart)),
    instances: instances.map((i) => ({
      id: i.id,
      seriesInstanceUid: i.seriesInstanceUid,
      sopInstanceUid: i.sopInstanceUid,
      instanceNumber: i.instanceNumber,
      modality: i.modality,
      bodyPart: i.bodyPart,
    })),
  };
}

export function toReport(row: ReportRow | undefined, addenda: Awaited<ReturnType<typeof listAddenda>>): ReportDto | null {
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    findings: row.findings,
    impression: row.impression,
    author: personOf(row.authorId, row.authorName),
    signedAt: iso(row.signedAt),
    signedBy: personOf(row.signedBy, row.signedByName),
    version: row.version,
    addenda: addenda.map((a) => ({
      id: a.id,
      text: a.text,
      author: personOf(a.authorId, a.authorName),
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

/** The whole order (study and report) read under one audit row. */
export async function readOrder(tx: Db, audited: AuditedAccess, orderId: string): Promise<OrderDto> {
  const row = await findOrder(tx, audited, orderId);
  if (!row) throw notFound('The imaging order');
  const [instances, report] = await Promise.all([listInstances(tx, audited, orderId), findReport(tx, orderId)]);
  const addenda = report?.status === 'signed' ? await listAddenda(tx, report.id) : [];
  return { ...toOrderSummary(row), study: toStudy(row.studyInstanceUid, instances), report: toReport(report, addenda) };
}

/** A doctor with clinical access orders an examination, optionally from one of the patient's encounters. */
export async function createImagingOrder(db: Db, ctx: ServiceContext, patientId: string, input: CreateOrderInput): Promise<OrderDto> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'imaging_order.create' });
  if (input.encounterId && (await findEncounterPatientId(db, input.encounterId)) !== access.patient.id) {
    throw validationFailed([{ path: 'encounterId', message: 'The encounter is not this patient’s.' }]);
  }
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'imaging_order.create',
      resourceType: 'imaging_order',
      category: 'clinical',
      detail: { modality: input.modality, priority: input.priority },
    });
    const row = await insertOrder(
      tx,
      audited,
      {
        encounterId: input.encounterId ?? null,
        modality: input.modality,
        bodyPart: input.bodyPart,
        indication: input.indication,
        priority: input.priority,
        priorityRank: PRIORITY_RANK[input.priority],
        status: 'ordered',
        orderedBy: ctx.actor.userId,
        orderedAt: ctx.now,
      },
      ctx.now,
    );
    return readOrder(tx, audited, row.id);
  });
}

export async function listImagingOrdersForPatient(db: Db, ctx: ServiceContext, patientId: string): Promise<OrderSummaryDto[]> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'imaging_order.list' });
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'imaging_order.list',
      resourceType: 'imaging_order',
      category: 'clinical',
    });
    return (await listPatientOrders(tx, audited)).map(toOrderSummary);
  });
}

export async function getImagingOrder(db: Db, ctx: ServiceContext, orderId: string): Promise<OrderDto> {
  const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_order.read');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'imaging_order.read', resourceType: 'imaging_order', resourceId: orderId });
    return readOrder(tx, audited, orderId);
  });
}

/** The radiology worklist: open orders by priority (stat, urgent, routine), oldest first; one audit row per patient shown. */
export async function radiologyWorklist(db: Db, ctx: ServiceContext, limit = 100): Promise<OrderSummaryDto[]> {
  return db.transaction(async (tx) => {
    const rows = await listWorklist(tx, limit);
    await auditPatientsAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      [...new Set(rows.map((r) => r.patientId))].map((patientId) => ({
        action: 'imaging_order.worklist',
        resourceType: 'imaging_order',
        category: 'clinical' as const,
        patientId,
        detail: { basis: 'radiology' },
      })),
      ctx.now,
    );
    return rows.map(toOrderSummary);
  });
}

const ILLEGAL: Record<string, string> = {
  schedule: 'Only an order that is ordered or scheduled can be scheduled.',
  cancel: 'Only an order not yet performed can be cancelled.',
};

/**
 * One conditional step of an order. The update names the states it may leave and, when given, the
 * version: a request that lost a race or asks for an illegal step changes nothing and answers 409
 * (412 for a stale version).
 */
async function step(
  db: Db,
  ctx: ServiceContext,
  access: OrderAccess,
  kind: 'schedule' | 'cancel',
  from: ImagingOrderStatus[],
  version: number | undefined,
  set: Parameters<typeof stepOrder>[5],
  detail: Record<string, unknown>,
): Promise<OrderDto> {
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, {
      action: `imaging_order.${kind}`,
      resourceType: 'imaging_order',
      resourceId: access.orderId,
      detail,
    });
    const row = await stepOrder(tx, audited, access.orderId, from, version, set, ctx.now);
    if (!row) {
      const current = await findOrder(tx, audited, access.orderId);
      throw current && version !== undefined && current.version !== version && from.includes(current.status)
        ? new AppError('version_mismatch', 'Someone else changed this order since you loaded it. Reload and try again.', {
            currentVersion: current.version,
          })
        : conflict(ILLEGAL[kind]!, 'conflict', { status: current?.status });
    }
    return readOrder(tx, audited, access.orderId);
  });
}

export async function scheduleImagingOrder(db: Db, ctx: ServiceContext, orderId: string, scheduledFor: string, version?: number) {
  const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_order.schedule');
  if (access.basis !== 'radiology') throw notFound('The imaging order');
  return step(
    db,
    ctx,
    access,
    'schedule',
    ['ordered', 'scheduled'],
    version,
    { status: 'scheduled', scheduledFor: new Date(scheduledFor) },
    {},
  );
}

/** The ordering side (doctors with clinical access) or radiology cancels an order not yet performed, with a reason. */
export async function cancelImagingOrder(db: Db, ctx: ServiceContext, orderId: string, reason: string, version?: number) {
  const access = await resolveOrderAccess(db, ctx, orderId, 'imaging_order.cancel');
  return step(
    db,
    ctx,
    access,
    'cancel',
    ['ordered', 'scheduled'],
    version,
    { status: 'cancelled', cancelledAt: ctx.now, cancelledBy: ctx.actor.userId, cancelReason: reason },
    {},
  );
}
