import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { CLINICAL_ROLES } from '../../../../platform/authz/permissions.js';
import type { Db } from '../../../../platform/db/database.js';
import { conflict, forbidden, notFound, validationFailed } from '../../../../platform/errors.js';
import { findAppointmentById } from '../../appointments/appointments.repository.js';
import { cancelScheduledReminders, insertReminders } from '../reminders.repository.js';
import type { FollowUpInput, Reminder } from '../reminders.schemas.js';
import { auditAppointment, resolveAppointmentAccess } from '../../appointments/services/appointment-access.service.js';

const DAY = 86_400_000;
const LATEST_DAYS = 730;

/**
 * A clinician asks, after a completed visit, that the patient be reminded to book a follow-up:
 * on a date (`dueAt`) or after a number of days. One follow-up per visit: asking again replaces the
 * one not yet sent. The reminder goes out through the sweep like any other.
 */
export async function requestFollowUp(db: Db, ctx: ServiceContext, appointmentId: string, input: FollowUpInput): Promise<Reminder> {
  const row = await findAppointmentById(db, appointmentId);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, 'appointment.follow_up');
  if (!CLINICAL_ROLES.includes(ctx.actor.role) || access.view !== 'clinical')
    throw forbidden('Only a clinician caring for the patient can ask for a follow-up.');
  if (row.status !== 'completed') throw conflict('A follow-up can be asked for only once the visit is completed.');
  const dueAt = input.dueAt ? new Date(input.dueAt) : new Date(ctx.now.getTime() + input.afterDays! * DAY);
  if (dueAt <= ctx.now) throw validationFailed([{ path: 'dueAt', message: 'Choose a moment in the future.' }]);
  if (dueAt.getTime() > ctx.now.getTime() + LATEST_DAYS * DAY)
    throw validationFailed([{ path: 'dueAt', message: 'Choose a moment within two years.' }]);

  return db.transaction(async (tx) => {
    const replaced = await cancelScheduledReminders(tx, row.id, ctx.now, ['follow_up']);
    const [reminder] = await insertReminders(tx, [
      { appointmentId: row.id, kind: 'follow_up', dueAt, note: input.note ?? null, requestedBy: ctx.actor.userId, createdAt: ctx.now },
    ]);
    await auditAppointment(tx, ctx, row, access, 'appointment.follow_up', {
      reminderId: reminder!.id,
      dueAt: dueAt.toISOString(),
      replaced,
    });
    return {
      id: reminder!.id,
      appointmentId: reminder!.appointmentId,
      kind: reminder!.kind,
      dueAt: reminder!.dueAt,
      status: reminder!.status,
      sentAt: reminder!.sentAt,
      note: reminder!.note,
      createdAt: reminder!.createdAt,
    };
  });
}
