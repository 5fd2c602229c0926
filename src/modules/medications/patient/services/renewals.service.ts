import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, pendingPatientsAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../../platform/db/read-together.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { notify } from '../../../notifications/index.js';
import { auditAccess, auditDenied, patientLabelsRead, resolvePatientAccess } from '../../../patients/index.js';
import { findPrescription } from '../../prescriptions.repository.js';
import type { CreatePrescriptionInput } from '../../prescriptions.schemas.js';
import { createPrescriptionDraft } from '../../services/prescriptions.service.js';
import {
  findRenewalQueueIds,
  findRenewalRequest,
  insertRenewalRequest,
  selectMyMedicine,
  selectPatientRenewals,
  selectRenewalQueue,
  updateRenewalRequest,
} from '../patient-medicines.repository.js';
import type { RenewalQueueItemDto, RenewalRequestDto } from '../patient-medicines.schemas.js';
import type { RenewalRequestRow } from '../patient-medicines.tables.js';
import { renewable, resolveOwnPrescription, toRenewalDto } from './my-medicines.service.js';

/**
 * Renewal requests: the patient asks (active or completed medicines, one pending request per
 * prescription — the database holds it), the prescriber approves (a new DRAFT through the usual
 * prescriptions service: signing it runs the usual checks) or denies with a reason, and the
 * patient is notified either way. Outside the app the message only says there is news.
 */

export const RENEWAL_QUEUE_LIMIT = 100;
const DAY_MS = 86_400_000;

const alreadyPending = () => new AppError('conflict', 'A renewal request for this medicine is already waiting for an answer.');

/** The patient asks for a renewal (201); 409 when one is pending or the medicine is stopped. */
export async function requestRenewal(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  note: string | undefined,
): Promise<RenewalRequestDto> {
  const access = await resolveOwnPrescription(db, ctx, prescriptionId, 'prescription_renewal.request');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription_renewal.request',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
    });
    const [medicine] = await selectMyMedicine(tx, audited, prescriptionId);
    if (!medicine) throw notFound('The medicine');
    const [latest] = await selectPatientRenewals(tx, audited, prescriptionId);
    if (latest?.status === 'pending' || (latest?.status === 'approved' && latest.newPrescriptionStatus === 'draft')) throw alreadyPending();
    if (!renewable(medicine.status, latest)) {
      throw new AppError('conflict', 'Only an active or completed medicine can be renewed.', { status: medicine.status });
    }
    // The partial unique index settles two requests sent at once: the second gets 409.
    const row = await insertRenewalRequest(tx, audited, {
      prescriptionId,
      prescriberId: medicine.prescriberId,
      requestedBy: ctx.actor.userId,
      note: note ?? null,
      status: 'pending',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return toRenewalDto(row);
  });
}

/** The patient withdraws a pending request. */
export async function cancelRenewal(db: Db, ctx: ServiceContext, requestId: string): Promise<RenewalRequestDto> {
  const found = await findRenewalRequest(db, requestId);
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('The renewal request');
  const access = await resolvePatientAccess(db, ctx, found?.patientId ?? requestId, {
    need: 'clinical',
    action: 'prescription_renewal.cancel',
  });
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription_renewal.cancel',
      resourceType: 'prescription_renewal',
      resourceId: requestId,
      category: 'clinical',
    });
    const row = await updateRenewalRequest(tx, audited, requestId, 'pending', {
      status: 'cancelled',
      decidedAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (!row) throw new AppError('conflict', 'This request has already been answered or withdrawn.');
    return toRenewalDto(row);
  });
}

/**
 * The prescriber's pending requests, oldest first: one `prescription_renewal.queue_view` row per
 * patient shown, sent in the same statement as the queue and the patients' names.
 */
export async function listRenewalQueue(db: Db, ctx: ServiceContext): Promise<RenewalQueueItemDto[]> {
  const ids = await findRenewalQueueIds(db, ctx.actor.userId, RENEWAL_QUEUE_LIMIT);
  if (ids.length === 0) return [];
  const patientIds = [...new Set(ids.map((r) => r.patientId))];
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    patientIds.map((patientId) => ({
      action: 'prescription_renewal.queue_view',
      resourceType: 'prescription_renewal',
      patientId,
      category: 'clinical' as const,
      detail: { requestIds: ids.filter((r) => r.patientId === patientId).map((r) => r.id) },
    })),
    ctx.now,
  );
  const read = await readTogether(
    db,
    {
      queue: deferRead(
        selectRenewalQueue(
          db,
          audited,
          ctx.actor.userId,
          ids.map((r) => r.id),
        ),
        (rows) => rows,
      ),
      labels: patientLabelsRead(db, audited),
    },
    { writes: [write] },
  );
  return read.queue.map((row) => {
    const label = read.labels.get(row.patientId);
    return {
      id: row.id,
      prescriptionId: row.prescriptionId,
      patient: { id: row.patientId, name: label?.name ?? '—', mrn: label?.mrn ?? '—' },
      product: row.productName,
      prescriptionStatus: row.prescriptionStatus,
      note: row.note,
      createdAt: row.createdAt,
    };
  });
}

/**
 * The request for its prescriber, with the clinical access to the patient: anyone else (another
 * doctor, an unknown id) gets 404 and a denied audit row.
 */
async function accessForDecision(db: Db, ctx: ServiceContext, requestId: string, action: string) {
  const found = await findRenewalRequest(db, requestId);
  const access = await resolvePatientAccess(db, ctx, found?.patientId ?? requestId, { need: 'clinical', action });
  if (!found || found.prescriberId !== ctx.actor.userId) {
    await auditDenied(db, ctx, access, {
      action,
      resourceType: 'prescription_renewal',
      resourceId: requestId,
      detail: { reason: 'not_prescriber' },
    });
    throw notFound('The renewal request');
  }
  return { access, found };
}

async function notifyDecision(tx: Db, ctx: ServiceContext, row: RenewalRequestRow, decision: 'approved' | 'denied', product: string) {
  await notify(
    tx,
    {
      recipientUserId: row.requestedBy,
      category: 'medication',
      template: `my_medicines.notify_renewal_${decision}`,
      params: { product },
      link: `/portal/medicines/${row.prescriptionId}`,
      dedupeKey: `prescription-renewal:${row.id}`,
    },
    ctx.now,
  );
}

/**
 * Approves: a new draft copying the old prescription through the prescriptions service (the
 * prescriber's own access and audit; an active one is replaced when the new one is signed, a
 * completed one is continued), the request approved and linked, the patient notified — one transaction.
 */
export async function approveRenewal(
  db: Db,
  ctx: ServiceContext,
  requestId: string,
): Promise<{ request: RenewalRequestDto; newPrescriptionId: string }> {
  const { access } = await accessForDecision(db, ctx, requestId, 'prescription_renewal.approve');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription_renewal.approve',
      resourceType: 'prescription_renewal',
      resourceId: requestId,
      category: 'clinical',
    });
    const current = await findRenewalRequest(tx, requestId, { forUpdate: true });
    if (current?.status !== 'pending') throw new AppError('conflict', 'This request has already been answered or withdrawn.');
    const old = await findPrescription(tx, audited, current.prescriptionId);
    if (!old) throw notFound('The prescription');
    const span = old.durationDays ?? (old.endsAt ? Math.ceil((old.endsAt.getTime() - old.startsAt.getTime()) / DAY_MS) : undefined);
    const input: CreatePrescriptionInput = {
      patientId: old.patientId,
      productId: old.productId,
      dose: { value: Number(old.doseValue), unit: old.doseUnit },
      route: old.route as CreatePrescriptionInput['route'],
      frequency: old.frequency,
      startsAt: ctx.now,
      ...(span ? { durationDays: Math.min(366, Math.max(1, span)) } : {}),
      ...(old.quantityValue !== null && old.quantityUnit ? { quantity: { value: Number(old.quantityValue), unit: old.quantityUnit } } : {}),
      refills: old.refills,
      ...(old.instructions ? { instructions: old.instructions } : {}),
      ...(old.status === 'signed' ? { replaces: old.id } : {}),
    };
    const created = await createPrescriptionDraft(tx, ctx, input);
    if (created.replayed) throw new Error('unreachable: no idempotency key was given');
    const row = await updateRenewalRequest(tx, audited, requestId, 'pending', {
      status: 'approved',
      decidedBy: ctx.actor.userId,
      decidedAt: ctx.now,
      newPrescriptionId: created.body.id,
      updatedAt: ctx.now,
    });
    await notifyDecision(tx, ctx, row!, 'approved', old.productName);
    return { request: toRenewalDto(row!), newPrescriptionId: created.body.id };
  });
}

/** Denies with a reason (shown to the patient in the app) and notifies the patient. */
export async function denyRenewal(db: Db, ctx: ServiceContext, requestId: string, reason: string): Promise<RenewalRequestDto> {
  const { access } = await accessForDecision(db, ctx, requestId, 'prescription_renewal.deny');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription_renewal.deny',
      resourceType: 'prescription_renewal',
      resourceId: requestId,
      category: 'clinical',
    });
    const row = await updateRenewalRequest(tx, audited, requestId, 'pending', {
      status: 'denied',
      decidedBy: ctx.actor.userId,
      decidedAt: ctx.now,
      denialReason: reason,
      updatedAt: ctx.now,
    });
    if (!row) throw new AppError('conflict', 'This request has already been answered or withdrawn.');
    const old = await findPrescription(tx, audited, row.prescriptionId);
    await notifyDecision(tx, ctx, row, 'denied', old?.productName ?? '');
    return toRenewalDto(row);
  });
}
