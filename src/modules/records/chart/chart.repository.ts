import { and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, max, or, sql, type Placeholder } from 'drizzle-orm';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import type { Db } from '../../../platform/db/database.js';
import { careTeamMembers, patients } from '../../patients/index.js';
import { appointments } from '../../scheduling/index.js';
import { carePlans } from '../care-plans/care-plans.tables.js';
import { documents } from '../documents/documents.tables.js';
import { clinicalNotes } from '../notes/notes.tables.js';
import { isAnyId } from '../../../platform/db/id-lists.js';

/**
 * SQL of the "my patients" list: the clinician's active care-team memberships, then one query
 * per kind of attention item for the whole list (never one per patient). Every value may be a
 * placeholder: the page's own statements are built once, the doctor's home reads them with its
 * other lists.
 */

/** A list of patient ids: literal, or an array placeholder (the audit rows' own, in a statement built once). */
type PatientIds = readonly string[] | Placeholder;

export interface AssignedPatientRow {
  patientId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  birthDate: string;
  teamRole: string | null;
}

/** Patients whose active care team holds this staff member (started, not ended, not removed). */
export function selectAssignedPatients(db: Db, staffId: string | Placeholder, now: Date | Placeholder) {
  return db
    .select({
      patientId: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      mrn: patients.mrn,
      birthDate: patients.birthDate,
      teamRole: careTeamMembers.teamRole,
    })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(
      and(
        eq(careTeamMembers.staffId, staffId),
        isNull(careTeamMembers.removedAt),
        lte(careTeamMembers.startsAt, now),
        or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
      ),
    )
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id))
    .limit(500);
}

/** Per-patient counts as a map (the count queries below give one row per patient that has any). */
export const toCounts = (rows: { patientId: string; n: number }[]) => new Map(rows.map((r) => [r.patientId, Number(r.n)]));

/*
 * The count queries are returned NOT run (Drizzle builders): the list reads them together in one
 * statement (`readTogether`). Each gives rows for `toCounts`.
 */

/** Draft (unsigned) notes this clinician wrote, per patient. */
export function countDraftNotes(db: Db, staffId: string | Placeholder, patientIds: PatientIds) {
  return db
    .select({ patientId: clinicalNotes.patientId, n: count() })
    .from(clinicalNotes)
    .where(and(isAnyId(clinicalNotes.patientId, patientIds), eq(clinicalNotes.authorId, staffId), eq(clinicalNotes.status, 'draft')))
    .groupBy(clinicalNotes.patientId);
}

/** Draft or active care plans whose review date has come (up to the end of today), per patient. */
export function countCarePlanReviewsDue(db: Db, patientIds: PatientIds, dueBy: Date | Placeholder) {
  return db
    .select({ patientId: carePlans.patientId, n: count() })
    .from(carePlans)
    .where(and(isAnyId(carePlans.patientId, patientIds), inArray(carePlans.status, ['draft', 'active']), lt(carePlans.nextReviewAt, dueBy)))
    .groupBy(carePlans.patientId);
}

/**
 * Documents the patient uploaded since this clinician last opened the chart (their last
 * successful `chart.read`), or in the last 7 days when they never did, or if that was earlier.
 *
 * The last look is found per document's patient (a lateral `max`) through the partial index
 * `audit_events_last_chart_read_idx` (actor, patient, time; chart reads only): one index probe per
 * patient, however many audit rows the clinician has. Grouping all the clinician's chart reads
 * instead walked every audit row they ever wrote, so the doctor's home slowed with each day of use.
 * `weekAgo` is `newDocumentsSince(now)`.
 */
export function countNewPatientDocuments(db: Db, userId: string | Placeholder, patientIds: PatientIds, weekAgo: Date | Placeholder) {
  const lastLook = db
    .select({ seenAt: max(auditEvents.occurredAt).as('seen_at') })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorUserId, userId),
        eq(auditEvents.patientId, documents.patientId),
        eq(auditEvents.action, 'chart.read'),
        eq(auditEvents.outcome, 'success'),
      ),
    )
    .as('last_look');
  return db
    .select({ patientId: documents.patientId, n: count() })
    .from(documents)
    .leftJoinLateral(lastLook, sql`true`)
    .where(
      and(
        isAnyId(documents.patientId, patientIds),
        eq(documents.source, 'patient'),
        eq(documents.status, 'active'),
        gt(documents.createdAt, weekAgo),
        sql`${documents.createdAt} > coalesce(${lastLook.seenAt}, ${weekAgo}::timestamptz)`,
      ),
    )
    .groupBy(documents.patientId);
}

export interface TodayAppointmentRow {
  id: string;
  patientId: string;
  startsAt: Date;
  status: string;
}

/** This clinician's appointments today with the listed patients (not cancelled). */
export function selectTodaysAppointments(
  db: Db,
  staffId: string | Placeholder,
  patientIds: PatientIds,
  from: Date | Placeholder,
  to: Date | Placeholder,
) {
  return db
    .select({ id: appointments.id, patientId: appointments.patientId, startsAt: appointments.startsAt, status: appointments.status })
    .from(appointments)
    .where(
      and(
        eq(appointments.staffId, staffId),
        isAnyId(appointments.patientId, patientIds),
        inArray(appointments.status, ['booked', 'checked_in', 'completed']),
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** The oldest upload that counts as new for a clinician who never opened the chart: a week before `now`. */
export function newDocumentsSince(now: Date): Date {
  return new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
}
