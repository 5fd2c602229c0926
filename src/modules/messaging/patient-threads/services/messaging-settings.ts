import { addDays, hospitalTimeZone, isoWeekday, localTimeToInstantOrAfterGap, wallClockOf } from '../../../../platform/time/zoned-time.js';

export interface PatientMessagingSettings {
  /** The number the compose page gives for emergencies (HOSPITAL_EMERGENCY_NUMBER). */
  emergencyNumber: string;
  /** Working days to an answer: the hospital default (MESSAGE_RESPONSE_WORKING_DAYS). */
  responseWorkingDays: number;
  /** Per department code (MESSAGE_RESPONSE_WORKING_DAYS_BY_DEPARTMENT). */
  responseWorkingDaysByDepartment: Record<string, number>;
}

let settings: PatientMessagingSettings = { emergencyNumber: '112', responseWorkingDays: 2, responseWorkingDaysByDepartment: {} };

/** Set once at start-up from the configuration (each app build sets it again). */
export function configurePatientMessaging(next: PatientMessagingSettings): void {
  settings = { ...next, responseWorkingDaysByDepartment: { ...next.responseWorkingDaysByDepartment } };
}

export function messagingSettings(): PatientMessagingSettings {
  return settings;
}

/** The working days within which a thread of this department (or the care team: null) is answered. */
export function responseWorkingDaysFor(departmentCode: string | null): number {
  return (departmentCode ? settings.responseWorkingDaysByDepartment[departmentCode] : undefined) ?? settings.responseWorkingDays;
}

/**
 * When an answer is due: `days` working days (Monday to Friday) after `sentAt`, at the same wall
 * time in the hospital's zone. A message sent on a Saturday with 2 working days is due Tuesday at
 * that time. Public holidays are not known to Carewell yet (docs/messaging.md).
 */
export function responseDueAt(sentAt: Date, days: number, timeZone = hospitalTimeZone()): Date {
  const wall = wallClockOf(sentAt, timeZone);
  let date = wall.date;
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isoWeekday(date) <= 5) left -= 1;
  }
  return localTimeToInstantOrAfterGap(date, wall.minutes, timeZone);
}
