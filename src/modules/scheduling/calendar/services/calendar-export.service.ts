import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { findAppointmentById } from '../../appointments/appointments.repository.js';
import { selectCalendarFacts } from '../calendar-feed.repository.js';
import { auditAppointment, resolveAppointmentAccess } from '../../appointments/services/appointment-access.service.js';
import { buildCalendar } from './calendar-ics.service.js';

/** The link a page shows as "Add to my calendar" for one appointment (same access as reading it). */
export function calendarLink(appointmentId: string): string {
  return `/api/v1/appointments/${appointmentId}/calendar.ics`;
}

/** Each appointment keeps one UID across its changes, so calendars update the event in place. */
export const appointmentUid = (appointmentId: string) => `${appointmentId}@carewell`;

/**
 * One appointment as an iCalendar file, for anyone who may read the appointment (audited like a
 * read). It holds the time (UTC), "Appointment at Carewell" with the clinician's name, and the room
 * or "Telemedicine" — never the reason or the patient's name.
 */
export async function appointmentCalendar(db: Db, ctx: ServiceContext, appointmentId: string): Promise<{ filename: string; body: string }> {
  const row = await findAppointmentById(db, appointmentId);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, 'appointment.calendar');
  return db.transaction(async (tx) => {
    await auditAppointment(tx, ctx, row, access, 'appointment.calendar');
    const facts = await selectCalendarFacts(tx, row);
    const body = buildCalendar(
      [
        {
          uid: appointmentUid(row.id),
          start: row.startsAt,
          end: row.endsAt,
          summary: facts.clinicianName ? `Appointment at Carewell with ${facts.clinicianName}` : 'Appointment at Carewell',
          location: facts.roomName ?? (facts.mode === 'telemedicine' ? 'Telemedicine' : 'Carewell'),
          status: row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
          sequence: row.version,
        },
      ],
      { now: ctx.now },
    );
    return { filename: `appointment-${row.id}.ics`, body };
  });
}
