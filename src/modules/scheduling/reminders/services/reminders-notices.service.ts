import type { Db } from '../../../../platform/db/database.js';
import { isLocale, translator } from '../../../../platform/i18n/i18n.js';
import { notify } from '../../../notifications/index.js';
import type { AppointmentRow } from '../../appointments/appointments.repository.js';
import { selectNoticeFacts, type NoticeFacts } from '../reminders.repository.js';
import { formatWallClock, formatZonedDate, zoneLabel } from '../../../../platform/views/format.js';

/** Where a patient finds (and books) their appointments. */
export const PATIENT_APPOINTMENTS_PATH = '/portal/appointments';

export type NoticeTemplate = 'booked' | 'rescheduled' | 'cancelled' | 'reminder' | 'follow_up' | 'follow_up_note';

/** A date and a time in the reader's zone, in the reader's language, and the zone's name. */
export function noticeTime(locale: string, at: Date, timeZone: string): { date: string; time: string; zone: string } {
  return {
    date: formatZonedDate(locale, at, timeZone, 'full'),
    time: formatWallClock(locale, at, timeZone),
    zone: zoneLabel(timeZone),
  };
}

/** The room, or "Telemedicine" / "at the clinic" in the reader's language. */
export function noticePlace(facts: Pick<NoticeFacts, 'roomName' | 'mode' | 'recipientLocale'>): string {
  if (facts.roomName) return facts.roomName;
  const t = translator(facts.recipientLocale);
  return t(facts.mode === 'telemedicine' ? 'scheduling.notice_place_telemedicine' : 'scheduling.notice_place_clinic');
}

/**
 * Tells the patient about their appointment through notify() (category `appointment`: their
 * language, their channels, their quiet hours), with the caller's handle. The external text
 * (`_external`) carries the date, time and place only; the clinician's name and a follow-up note
 * stay in the in-app body, behind sign-in. A patient without a portal account gets nothing.
 */
export async function sendAppointmentNotice(
  db: Db,
  input: { appointment: AppointmentRow; template: NoticeTemplate; dedupeKey: string; previous?: AppointmentRow; note?: string | null },
  now: Date,
): Promise<boolean> {
  const found = await selectNoticeFacts(db, input.appointment);
  if (!found?.recipientUserId) return false;
  // A notice never fails a booking over a bad setting: unknown languages fall back to English, and
  // the zone is the patient's own (the repository falls back to the hospital's), never the clinician's.
  const facts = { ...found, recipientLocale: isLocale(found.recipientLocale) ? found.recipientLocale : 'en' };
  const when = noticeTime(facts.recipientLocale, input.appointment.startsAt, facts.recipientTimeZone);
  const before = input.previous ? noticeTime(facts.recipientLocale, input.previous.startsAt, facts.recipientTimeZone) : undefined;
  await notify(
    db,
    {
      recipientUserId: found.recipientUserId,
      category: 'appointment',
      template: `scheduling.notice_${input.template}`,
      params: {
        ...when,
        place: noticePlace(facts),
        clinician: `${facts.clinicianGivenName} ${facts.clinicianFamilyName}`,
        ...(before ? { old_date: before.date, old_time: before.time } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
      link: PATIENT_APPOINTMENTS_PATH,
      dedupeKey: input.dedupeKey,
    },
    now,
  );
  return true;
}
