import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound } from '../../../platform/errors.js';
import { publishEvent } from '../../../platform/events/index.js';
import { auditAccess, auditDenied, resolvePatientAccess, type PatientAccess } from '../../patients/index.js';
import { endEnrolment, insertEnrolment, selectEnrolment, type EnrolmentRow } from '../devices.repository.js';
import type { EnrolInput, EnrolmentDto } from '../devices.schemas.js';
import { REMOTE_MONITORING_EVENT } from '../devices.vocabulary.js';

export function toEnrolmentDto(row: EnrolmentRow): EnrolmentDto {
  return {
    id: row.id,
    patientId: row.patientId,
    programme: row.programme,
    responsibleUserId: row.responsibleUserId,
    alertAfterReadings: row.alertAfterReadings,
    silentAfterDays: row.silentAfterDays,
    enrolledAt: row.enrolledAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/** Enrolling is a care-team decision: a clinician on the patient's care team (not break-the-glass, not the patient). */
async function openForMonitoring(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, { action, resourceType: 'monitoring_enrolment', category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  return access;
}

const boardEvent = (tx: Db, id: string, now: Date) =>
  publishEvent(tx, { type: REMOTE_MONITORING_EVENT, audience: { roles: ['doctor', 'nurse'] }, data: { enrolmentIds: [id] } }, now);

/**
 * Enrols the patient in a programme, with the enrolling clinician as the responsible one (alerts
 * reach them first, then escalate along the care team). One active enrolment per programme (409).
 */
export async function enrolInMonitoring(db: Db, ctx: ServiceContext, patientId: string, input: EnrolInput): Promise<EnrolmentDto> {
  const access = await openForMonitoring(db, ctx, patientId, 'monitoring.enrol');
  return db.transaction(async (tx) => {
    const row = await insertEnrolment(tx, {
      patientId: access.patient.id,
      programme: input.programme,
      responsibleUserId: ctx.actor.userId,
      alertAfterReadings: input.alertAfterReadings ?? 1,
      silentAfterDays: input.silentAfterDays ?? 3,
      enrolledAt: ctx.now,
      createdAt: ctx.now,
    });
    if (!row) throw conflict('The patient is already enrolled in this programme.');
    await auditAccess(tx, ctx, access, {
      action: 'monitoring.enrol',
      resourceType: 'monitoring_enrolment',
      resourceId: row.id,
      category: 'clinical',
      detail: { programme: row.programme, alertAfterReadings: row.alertAfterReadings, silentAfterDays: row.silentAfterDays },
    });
    await boardEvent(tx, row.id, ctx.now);
    return toEnrolmentDto(row);
  });
}

/** Ends an enrolment (its readings and alerts stay). Ending twice is harmless. */
export async function endMonitoring(db: Db, ctx: ServiceContext, enrolmentId: string): Promise<EnrolmentDto> {
  const row = await selectEnrolment(db, enrolmentId);
  if (!row) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'monitoring.end',
        resourceType: 'monitoring_enrolment',
        resourceId: enrolmentId,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_enrolment' },
      },
      ctx.now,
    );
    throw notFound('The enrolment');
  }
  const access = await openForMonitoring(db, ctx, row.patientId, 'monitoring.end');
  await db.transaction(async (tx) => {
    if (!(await endEnrolment(tx, row.id, ctx.now))) return;
    await auditAccess(tx, ctx, access, {
      action: 'monitoring.end',
      resourceType: 'monitoring_enrolment',
      resourceId: row.id,
      category: 'clinical',
    });
    await boardEvent(tx, row.id, ctx.now);
  });
  return toEnrolmentDto((await selectEnrolment(db, row.id))!);
}
