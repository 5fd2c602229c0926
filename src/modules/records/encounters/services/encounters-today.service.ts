import { addDays, localDateOf, localTimeToInstantOrAfterGap } from '../../../../platform/time/zoned-time.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { getAppointmentWithPatient, ownCalendarRead } from '../../../scheduling/index.js';
import { idListValue } from '../../../../platform/db/id-lists.js';
import { runTwoStepRead, withMoreReads, type TwoStepRead } from '../../../../platform/db/read-in-two-steps.js';
import { encounterIdsByAppointmentRead, selectEncounterIdsByAppointment } from '../encounters.repository.js';
import type { TodayRow } from '../views/encounter-today-page.js';
import { requireStaffId } from './encounters-access.service.js';

/** Midnight to midnight of `now`'s calendar day in the time zone, as UTC instants. */
export function dayBounds(now: Date, timeZone: string): { from: Date; to: Date } {
  const today = localDateOf(now, timeZone);
  return { from: localTimeToInstantOrAfterGap(today, 0, timeZone), to: localTimeToInstantOrAfterGap(addDays(today, 1), 0, timeZone) };
}

/** The clinician's appointments today (their time zone), with the encounter opened from each. */
export async function listTodayForClinician(db: Db, ctx: ServiceContext, timeZone: string): Promise<TodayRow[]> {
  return runTwoStepRead(db, todayForClinicianRead(ctx, timeZone));
}

/**
 * The same day as a two-step read (the doctor's home reads it with its other lists): the
 * clinician's own calendar through the scheduling module's audited view (one decision, one audit
 * insert with the names), and in its second step the encounter opened from each appointment.
 */
export function todayForClinicianRead(ctx: ServiceContext, timeZone: string): TwoStepRead<TodayRow[]> {
  requireStaffId(ctx);
  return withMoreReads(
    ownCalendarRead(ctx, dayBounds(ctx.now, timeZone)),
    // No appointment, no look-up: an empty day reads nothing after its first step.
    (rows) =>
      rows.length > 0
        ? {
            key: 'records.encounters_by_appointment',
            build: (db, param) => ({ encounters: encounterIdsByAppointmentRead(db, param('appointmentIds')) }),
            values: { appointmentIds: idListValue(rows.map((a) => a.id)) },
          }
        : null,
    ({ appointments: active, patients: labels }, more) =>
      active.map((a) => ({
        appointmentId: a.id,
        patientId: a.patientId,
        patientName: labels.get(a.patientId)?.name ?? '',
        mrn: labels.get(a.patientId)?.mrn ?? '',
        startsAt: a.startsAt,
        status: a.status,
        encounterId: more?.encounters.get(a.id) ?? null,
      })),
  );
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
