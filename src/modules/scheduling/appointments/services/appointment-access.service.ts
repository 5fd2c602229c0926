import type { ServiceContext } from '../../../../platform/auth/actor.js';
import {
  auditActorOf,
  auditInsertOf,
  auditPatientAccess,
  writeAudit,
  type AuditedAccess,
} from '../../../../platform/audit/audit.service.js';
import { CLINICAL_ROLES, REGISTRATION_TIER_ROLES } from '../../../../platform/authz/permissions.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../../../platform/errors.js';
import { patientAccessFactsRead, relationshipViewer, settlePatientAccess } from '../../../patients/index.js';
import { runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import type { AppointmentRow } from '../appointments.repository.js';
import type { Appointment } from '../appointments.schemas.js';

/**
 * Who may see and change which appointment, in one place.
 *
 * - A patient: their own appointments (clinical view: they wrote the reason).
 * - Front desk, billing, administrators: every appointment, registration view (no `reason`).
 * - Clinicians: their own schedule (they are the treating clinician: clinical view), and the
 *   appointments of patients whose record they may open (care team or break-the-glass).
 * - Anyone else: 404 and a denied audit row, written with the root handle so it survives.
 */
export type AppointmentView = 'clinical' | 'registration';

export interface AppointmentAccess {
  view: AppointmentView;
  /** For audit detail: self, registration, treating_clinician, care_team, break_glass. */
  tier: string;
}

export const seesEveryAppointment = (ctx: ServiceContext) => REGISTRATION_TIER_ROLES.includes(ctx.actor.role);
export const isClinicianActor = (ctx: ServiceContext) => CLINICAL_ROLES.includes(ctx.actor.role);

async function deny(
  db: Db,
  ctx: ServiceContext,
  action: string,
  row: Pick<AppointmentRow, 'id' | 'patientId'> | null,
  reason: string,
): Promise<never> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'appointment',
      resourceId: row?.id ?? null,
      patientId: row?.patientId ?? null,
      category: 'registration',
      outcome: 'denied',
      severity: 'medium',
      detail: { reason },
    },
    ctx.now,
  );
  throw notFound('The appointment');
}

/** The viewer's access to a patient's appointments, or 404 (after a denied audit row). */
export async function resolvePatientAppointmentsAccess(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  action: string,
): Promise<AppointmentAccess> {
  const facts = patientAppointmentsAccessRead(db, ctx, patientId);
  return settlePatientAppointmentsAccess(db, ctx, patientId, facts ? await runRead(facts) : undefined, action);
}

type AccessFacts = Parameters<typeof settlePatientAccess>[3];

/** The facts `settlePatientAppointmentsAccess` decides on, as a query not run yet; none for a patient (no query). */
export function patientAppointmentsAccessRead(db: Db, ctx: ServiceContext, patientId: string): DeferredRead<AccessFacts> | undefined {
  return patientAppointmentsAccessViewer(ctx) ? patientAccessFactsRead(db, ctx, patientId) : undefined;
}

/**
 * The same facts in a statement built once (`preparedPatientAccessFactsRead`): the viewer's values
 * for its placeholders, or undefined for a patient, whose own access needs no read.
 */
export function patientAppointmentsAccessViewer(ctx: ServiceContext): { staffId: string | null; userId: string | null } | undefined {
  return ctx.actor.role === 'patient' ? undefined : relationshipViewer(ctx);
}

/** `resolvePatientAppointmentsAccess` on facts already read. */
export async function settlePatientAppointmentsAccess(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  facts: AccessFacts,
  action: string,
): Promise<AppointmentAccess> {
  const { actor } = ctx;
  if (actor.role === 'patient') {
    if (actor.patientId && actor.patientId === patientId) return { view: 'clinical', tier: 'self' };
    await writeAudit(
      db,
      auditActorOf(actor),
      ctx.origin,
      {
        action,
        resourceType: 'patient',
        resourceId: patientId,
        patientId: null,
        category: 'registration',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'not_own_record' },
      },
      ctx.now,
    );
    throw notFound('The patient');
  }
  // settlePatientAccess writes the denied row and answers 404 for anyone without a tier.
  const access = await settlePatientAccess(db, ctx, patientId, facts, { need: 'registration', action });
  return { view: access.tier === 'registration' ? 'registration' : 'clinical', tier: access.tier };
}

/** The viewer's access to one existing appointment, or 404 (after a denied audit row). */
export async function resolveAppointmentAccess(
  db: Db,
  ctx: ServiceContext,
  row: AppointmentRow,
  action: string,
): Promise<AppointmentAccess> {
  const { actor } = ctx;
  if (actor.role === 'patient') {
    if (actor.patientId === row.patientId) return { view: 'clinical', tier: 'self' };
    return deny(db, ctx, action, row, 'not_own_appointment');
  }
  if (seesEveryAppointment(ctx)) return { view: 'registration', tier: 'registration' };
  if (isClinicianActor(ctx)) {
    if (actor.staffId && actor.staffId === row.staffId) return { view: 'clinical', tier: 'treating_clinician' };
    try {
      return await resolvePatientAppointmentsAccess(db, ctx, row.patientId, action);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw notFound('The appointment');
      throw error;
    }
  }
  return deny(db, ctx, action, row, 'no_relationship');
}

/**
 * The patient a booking is for: a patient books for themselves (`patientId` omitted or their own;
 * another → 404); staff name a patient whose appointments they may handle.
 */
export async function resolveBookingPatient(
  db: Db,
  ctx: ServiceContext,
  patientId: string | undefined,
  action: string,
): Promise<{ patientId: string; access: AppointmentAccess }> {
  const named = bookingPatientOf(ctx, patientId);
  const facts = patientAppointmentsAccessRead(db, ctx, named.asked);
  return settleBookingPatient(db, ctx, named, facts ? await runRead(facts) : undefined, action);
}

/**
 * Which patient a booking names (`asked`, whose access is decided) and is for (`patientId`): a
 * patient's own, whatever they name; staff must name one (400 otherwise). No query.
 */
export function bookingPatientOf(ctx: ServiceContext, patientId: string | undefined): { patientId: string; asked: string } {
  if (ctx.actor.role === 'patient') {
    const own = ctx.actor.patientId;
    if (!own) throw notFound('The patient');
    return { patientId: own, asked: patientId ?? own };
  }
  if (!patientId) throw validationFailed([{ path: 'patientId', message: 'Name the patient to book for.' }]);
  return { patientId, asked: patientId };
}

/** `resolveBookingPatient` on the facts of `patientAppointmentsAccessRead(asked)`, already read. */
export async function settleBookingPatient(
  db: Db,
  ctx: ServiceContext,
  named: { patientId: string; asked: string },
  facts: AccessFacts,
  action: string,
): Promise<{ patientId: string; access: AppointmentAccess }> {
  return { patientId: named.patientId, access: await settlePatientAppointmentsAccess(db, ctx, named.asked, facts, action) };
}

/** Writes the audit row of a read or write of an appointment inside the transaction. */
export function auditAppointment(
  tx: Db,
  ctx: ServiceContext,
  target: { id: string | null; patientId: string },
  access: AppointmentAccess,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<AuditedAccess> {
  return auditPatientAccess(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'appointment',
      resourceId: target.id,
      patientId: target.patientId,
      category: access.view,
      detail: { tier: access.tier, ...detail },
    },
    ctx.now,
  );
}

/** `auditAppointment`'s insert, not yet sent: to go in the write's own statement (a data-modifying WITH). */
export function auditAppointmentInsert(
  db: Db,
  ctx: ServiceContext,
  target: { id: string; patientId: string },
  access: AppointmentAccess,
  action: string,
  detail: Record<string, unknown> = {},
) {
  return auditInsertOf(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'appointment',
      resourceId: target.id,
      patientId: target.patientId,
      category: access.view,
      detail: { tier: access.tier, ...detail },
    },
    ctx.now,
  );
}

/** The appointment as this viewer may see it: free text only in the clinical view. */
export function toAppointment(row: AppointmentRow, view: AppointmentView): Appointment {
  return {
    id: row.id,
    patientId: row.patientId,
    staffId: row.staffId,
    visitTypeId: row.visitTypeId,
    roomId: row.roomId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    ...(view === 'clinical' ? { reason: row.reason } : {}),
    bookedBy: row.bookedBy,
    cancelledAt: row.cancelledAt,
    cancelledBy: row.cancelledBy,
    ...(view === 'clinical' ? { cancelReason: row.cancelReason } : {}),
    rescheduledFromId: row.rescheduledFromId,
    checkedInAt: row.checkedInAt,
    completedAt: row.completedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
