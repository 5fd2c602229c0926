import { addDays, localDateOf, localTimeToInstantOrAfterGap } from '../../../../platform/time/zoned-time.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { getAppointmentWithPatient, viewAppointments } from '../../../scheduling/index.js';
import { selectEncounterIdsByAppointment } from '../encounters.repository.js';
import type { TodayRow } from '../views/encounter-today-page.js';
import { requireStaffId } from './encounters-access.service.js';

/** Midnight to midnight of `now`'s calendar day in the time zone, as UTC instants. */
export function dayBounds(now: Date, timeZone: string): { from: Date; to: Date } {
  const today = localDateOf(now, timeZone);
  return { from: localTimeToInstantOrAfterGap(today, 0, timeZone), to: localTimeToInstantOrAfterGap(addDays(today, 1), 0, timeZone) };
}

/** The clinician's appointments today (their time zone), with the encounter opened from each. */
export async function listTodayForClinician(db: Db, ctx: ServiceContext, timeZone: string): Promise<TodayRow[]> {
  const staffId = requireStaffId(ctx);
  const { from, to } = dayBounds(ctx.now, timeZone);
  // The clinician's own day, through the calendar's audited view: one decision, one audit insert.
  const { appointments: active, patients: labels } = await viewAppointments(db, ctx, { staffId, from, to }, 'calendar');
  const encounters = await selectEncounterIdsByAppointment(
    db,
    active.map((a) => a.id),
  );
  return active.map((a) => ({
    appointmentId: a.id,
    patientId: a.patientId,
    patientName: labels.get(a.patientId)?.name ?? '',
    mrn: labels.get(a.patientId)?.mrn ?? '',
    startsAt: a.startsAt,
    status: a.status,
    encounterId: encounters.get(a.id) ?? null,
  }));
}

/** One appointment the viewer may see (audited by the scheduling service), as a day-list row. */
export async function appointmentRow(db: Db, ctx: ServiceContext, appointmentId: string): Promise<TodayRow> {
  const { appointment: a, patient: label } = await getAppointmentWithPatient(db, ctx, appointmentId);
  const existing = (await selectEncounterIdsByAppointment(db, [a.id])).get(a.id) ?? null;
  return {
    appointmentId: a.id,
    patientId: a.patientId,
    patientName: label?.name ?? '',
    mrn: label?.mrn ?? '',
    startsAt: a.startsAt,
    status: a.status,
    encounterId: existing,
  };
}
