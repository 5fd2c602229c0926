import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../../platform/errors.js';
import { assertVersion, decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import { runIdempotent, type IdempotentOutcome, type IdempotentRequest } from '../../../platform/http/idempotency.js';
import { auditAccess, resolveOwnedAccess, resolvePatientAccess, type PatientAccess } from '../../patients/index.js';
import { findEncounterPatientId, listProblemList } from '../../records/index.js';
import { findProduct } from '../medications.repository.js';
import { frequencyWithoutDose, type Frequency } from '../prescriptions.frequency.js';
import {
  findAlerts,
  findPrescription,
  prescriptionOwner,
  insertPrescription,
  listPrescriptions,
  updatePrescriptionRow,
  type PrescriptionWithProduct,
} from '../prescriptions.repository.js';
import {
  timingIssues,
  type CreatePrescriptionInput,
  type PrescriptionDetailDto,
  type PrescriptionDto,
  type PrescriptionListQuery,
  type UpdatePrescriptionInput,
} from '../prescriptions.schemas.js';
import { toPrescriptionDto, toRecordedAlert } from './prescription-view.js';

/**
 * Prescriptions: drafts (create, change), reading, stopping and marking entered in error. Signing
 * and its checks are in prescription-signing.service.ts. Every access goes through the patients
 * module's access decision (clinical tier) and is audited with ids only.
 */

const clinical = (action: string) => ({ need: 'clinical' as const, action });

export const recordSigned = () => new AppError('record_signed', 'A signed prescription never changes. Write a new one that replaces it.');

/** The access to the patient a prescription belongs to (404 and a denied audit row otherwise). */
export async function accessPrescription(db: Db, ctx: ServiceContext, prescriptionId: string, action: string): Promise<PatientAccess> {
  // The prescription's patient and the access facts in one statement; an unknown prescription is
  // refused like an inaccessible one (same 404, a denied audit row).
  return resolveOwnedAccess(db, ctx, prescriptionOwner, prescriptionId, clinical(action));
}

export async function loadPrescription(tx: Db, audited: AuditedAccess, id: string, forUpdate = false): Promise<PrescriptionWithProduct> {
  const row = await findPrescription(tx, audited, id, { forUpdate });
  if (!row) throw notFound('The prescription');
  return row;
}

/** A frequency that never gives a dose: 422 naming the field. */
function assertGivesDoses(frequency: Frequency): void {
  const issue = frequencyWithoutDose(frequency);
  if (issue) throw new AppError('unprocessable', 'This frequency gives no dose.', { errors: [issue] });
}

/** Resolves the references of a draft before any write: product (404), encounter and indication of this patient (404). */
async function resolveReferences(
  db: Db,
  ctx: ServiceContext,
  access: PatientAccess,
  refs: { productId?: string; encounterId?: string | null; indicationId?: string | null },
): Promise<{ route?: string; indication?: { indicationDiagnosisId: string | null; indicationConditionId: string | null } }> {
  let route: string | undefined;
  if (refs.productId) {
    const product = await findProduct(db, refs.productId);
    if (!product) throw notFound('The product');
    route = product.route;
  }
  if (refs.encounterId && (await findEncounterPatientId(db, refs.encounterId)) !== access.patient.id) throw notFound('The encounter');
  if (refs.indicationId === null) return { route, indication: { indicationDiagnosisId: null, indicationConditionId: null } };
  if (refs.indicationId === undefined) return { route };
  const problem = (await listProblemList(db, ctx, access.patient.id)).find((p) => p.id === refs.indicationId);
  if (!problem) throw notFound('The indication (a problem-list entry of this patient)');
  return {
    route,
    indication:
      problem.source === 'diagnosis'
        ? { indicationDiagnosisId: problem.id, indicationConditionId: null }
        : { indicationDiagnosisId: null, indicationConditionId: problem.id },
  };
}

/**
 * A new draft prescription (doctors on the patient's care team, or under break-the-glass). With an
 * `Idempotency-Key`, a retried request replays the first answer instead of drafting twice.
 */
export async function createPrescriptionDraft(
  db: Db,
  ctx: ServiceContext,
  input: CreatePrescriptionInput,
  idempotency?: IdempotentRequest,
): Promise<IdempotentOutcome<PrescriptionDto>> {
  const access = await resolvePatientAccess(db, ctx, input.patientId, clinical('prescription.create'));
  const refs = await resolveReferences(db, ctx, access, input);
  assertGivesDoses(input.frequency);
  return runIdempotent(db, idempotency, ctx.now, async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription.create',
      resourceType: 'prescription',
      category: 'clinical',
      detail: { productId: input.productId, ...(input.replaces ? { replaces: input.replaces } : {}) },
    });
    if (input.replaces) {
      const old = await findPrescription(tx, audited, input.replaces);
      if (!old) throw notFound('The prescription to replace');
      if (old.status !== 'signed') throw new AppError('conflict', 'Only an active (signed) prescription can be replaced.');
    }
    const row = await insertPrescription(tx, audited, {
      encounterId: input.encounterId ?? null,
      prescriberId: ctx.actor.userId,
      productId: input.productId,
      doseValue: input.dose.value,
      doseUnit: input.dose.unit,
      route: input.route ?? refs.route!,
      frequency: input.frequency,
      startsAt: input.startsAt,
      durationDays: input.durationDays ?? null,
      endsAt: input.endsAt ?? null,
      quantityValue: input.quantity?.value ?? null,
      quantityUnit: input.quantity?.unit ?? null,
      refills: input.refills ?? 0,
      ...(refs.indication ?? {}),
      instructions: input.instructions ?? null,
      status: 'draft',
      replacesId: input.replaces ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return { status: 201, body: toPrescriptionDto(await loadPrescription(tx, audited, row.id)) };
  });
}

/** Changes a draft (the fields sent); a signed one never changes (409 record_signed). */
export async function updatePrescriptionDraft(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  patch: UpdatePrescriptionInput,
  expected: number | undefined,
): Promise<PrescriptionDto> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.update');
  const refs = await resolveReferences(db, ctx, access, patch);
  if (patch.frequency) assertGivesDoses(patch.frequency);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'prescription.update',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
      detail: { fields: Object.keys(patch).sort() },
    });
    const current = await loadPrescription(tx, audited, prescriptionId, true);
    if (current.status !== 'draft') throw recordSigned();
    assertVersion(current.version, expected);
    const merged = {
      startsAt: patch.startsAt ?? current.startsAt,
      endsAt: patch.endsAt === undefined ? (current.endsAt ?? undefined) : (patch.endsAt ?? undefined),
      durationDays: patch.durationDays === undefined ? (current.durationDays ?? undefined) : (patch.durationDays ?? undefined),
    };
    const issues = timingIssues(merged);
    if (issues.length > 0) throw validationFailed(issues);
    const row = await updatePrescriptionRow(tx, audited, prescriptionId, current.version, {
      productId: patch.productId,
      encounterId: patch.encounterId,
      doseValue: patch.dose?.value,
      doseUnit: patch.dose?.unit,
      route: patch.route ?? (patch.productId ? refs.route : undefined),
      frequency: patch.frequency,
      startsAt: patch.startsAt,
      durationDays: patch.durationDays,
      endsAt: patch.endsAt,
      quantityValue: patch.quantity === undefined ? undefined : (patch.quantity?.value ?? null),
      quantityUnit: patch.quantity === undefined ? undefined : (patch.quantity?.unit ?? null),
      refills: patch.refills,
      ...(refs.indication ?? {}),
      instructions: patch.instructions,
      updatedAt: ctx.now,
    });
    if (!row) assertVersion(current.version, -1);
    return toPrescriptionDto(await loadPrescription(tx, audited, prescriptionId));
  });
}

/** One prescription with the alerts recorded when it was signed. */
export async function getPrescription(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<PrescriptionDetailDto> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'prescription.read');
  const audited = await auditAccess(db, ctx, access, {
    action: 'prescription.read',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
  });
  const row = await loadPrescription(db, audited, prescriptionId);
  const alerts = await findAlerts(db, audited, prescriptionId);
  return { ...toPrescriptionDto(row), alerts: alerts.map(toRecordedAlert) };
}

/** The patient's prescriptions, newest first, a page at a time. */
export async function listPatientPrescriptions(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  query: PrescriptionListQuery,
): Promise<{ items: PrescriptionDto[]; nextCursor: string | null }> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('prescription.list'));
  const cursor = decodeCursor(query.cursor);
  const after =
    cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string'
      ? { createdAt: new Date(cursor[0]), id: cursor[1] }
      : undefined;
  if (cursor && (!after || Number.isNaN(after.createdAt.getTime()))) {
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  }
  const audited = await auditAccess(db, ctx, access, { action: 'prescription.list', resourceType: 'prescription', category: 'clinical' });
  const rows = await listPrescriptions(db, audited, { status: query.status, after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toPrescriptionDto),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Stops an active prescription with a reason (409 unless it is signed). */
export async function stopPrescription(db: Db, ctx: ServiceContext, prescriptionId: string, reason: string): Promise<PrescriptionDto> {
  return changeStatus(db, ctx, prescriptionId, 'prescription.stop', ['signed'], {
    status: 'stopped',
    stoppedAt: ctx.now,
    stoppedBy: ctx.actor.userId,
    stopReason: reason,
  });
}

/** Marks a draft or an active prescription entered in error (kept for the record; leaves the checks). */
export async function markPrescriptionEnteredInError(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<PrescriptionDto> {
  return changeStatus(db, ctx, prescriptionId, 'prescription.entered_in_error', ['draft', 'signed'], { status: 'entered_in_error' });
}

async function changeStatus(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  action: string,
  from: string[],
  values: Parameters<typeof updatePrescriptionRow>[4] extends infer V ? Omit<V, 'updatedAt'> : never,
): Promise<PrescriptionDto> {
  const access = await accessPrescription(db, ctx, prescriptionId, action);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action,
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
      severity: 'medium',
    });
    const current = await loadPrescription(tx, audited, prescriptionId, true);
    if (!from.includes(current.status)) {
      throw new AppError('conflict', 'This prescription is no longer in a state that allows this.', { status: current.status });
    }
    await updatePrescriptionRow(tx, audited, prescriptionId, current.version, { ...values, updatedAt: ctx.now });
    return toPrescriptionDto(await loadPrescription(tx, audited, prescriptionId));
  });
}
