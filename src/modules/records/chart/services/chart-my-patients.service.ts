import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../../platform/audit/audit.service.js';
import { CLINICAL_ROLES } from '../../../../platform/authz/permissions.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import {
  preparedRead,
  runTwoStepRead,
  secondStep,
  twoStepRead,
  type Param,
  type TwoStepRead,
} from '../../../../platform/db/read-in-two-steps.js';
import { notFound } from '../../../../platform/errors.js';
import { addDays, localDateOf, localTimeToInstantOrAfterGap } from '../../../../platform/time/zoned-time.js';
import {
  countCarePlanReviewsDue,
  countDraftNotes,
  countNewPatientDocuments,
  newDocumentsSince,
  selectAssignedPatients,
  selectTodaysAppointments,
  toCounts,
  type AssignedPatientRow,
  type TodayAppointmentRow,
} from '../chart.repository.js';

export interface AssignedPatient {
  patientId: string;
  name: string;
  mrn: string;
  birthDate: string;
  teamRole: string | null;
  attention: {
    draftNotes: number;
    carePlanReviewsDue: number;
    newPatientDocuments: number;
    todaysAppointment: { id: string; startsAt: Date; status: string } | null;
  };
  /** Whether anything above needs the clinician (drafts, reviews, new documents, a visit today). */
  needsAttention: boolean;
}

/**
 * The clinician's assigned patients (active care-team memberships) with what needs attention.
 * Two statements whatever the list's length and no transaction: the memberships, then one audit
 * insert (a row per patient) sent with every kind of attention item in one statement. Clinicians
 * only; anyone else has no such list (404).
 *
 * Both statements are BUILT ONCE (issue 11): the request's values are placeholders, and the
 * attention reads take the patients from the audit rows' own placeholder. The doctor's home reads
 * the same parts with its other lists (`myPatientsRead`).
 */
export async function listMyPatients(db: Db, ctx: ServiceContext): Promise<AssignedPatient[]> {
  return runTwoStepRead(db, myPatientsRead(ctx));
}

/** Each listed patient's audit row (its resource is the patient). */
const MY_PATIENTS_AUDIT = {
  action: 'chart.my_patients',
  resourceType: 'patient',
  category: 'clinical' as const,
  detail: { tier: 'care_team' },
};

/** The viewer's staff id and today's bounds in their zone; clinicians only (else 404). */
function myPatientsScope({ actor, now }: ServiceContext): { staffId: string; dayStart: Date; dayEnd: Date } {
  if (!CLINICAL_ROLES.includes(actor.role) || !actor.staffId) throw notFound('Your patient list');
  const today = localDateOf(now, actor.timeZone);
  return {
    staffId: actor.staffId,
    dayStart: localTimeToInstantOrAfterGap(today, 0, actor.timeZone),
    dayEnd: localTimeToInstantOrAfterGap(addDays(today, 1), 0, actor.timeZone),
  };
}

/** The attention items of the listed patients, read with their audit rows (one per patient). */
function attentionReads(db: Db, param: Param) {
  const ids = preparedPatientsAudit(param).audited.patientIds;
  return {
    drafts: deferRead(countDraftNotes(db, param('staffId'), ids), toCounts),
    reviews: deferRead(countCarePlanReviewsDue(db, ids, param('dayEnd')), toCounts),
    uploads: deferRead(countNewPatientDocuments(db, param('userId'), ids, param('weekAgo')), toCounts),
    today: deferRead(
      selectTodaysAppointments(db, param('staffId'), ids, param('dayStart'), param('dayEnd')),
      (rows): TodayAppointmentRow[] => rows,
    ),
  };
}

/** The list as a two-step read, alone (`listMyPatients`) or with a page's other lists (the doctor's home). */
export function myPatientsRead(ctx: ServiceContext): TwoStepRead<AssignedPatient[]> {
  const { actor, now } = ctx;
  const { staffId, dayStart, dayEnd } = myPatientsScope(ctx);
  const first = preparedRead(
    'records.my_patients',
    (db, param) => deferRead(selectAssignedPatients(db, param('staffId'), param('now')), (rows): AssignedPatientRow[] => rows),
    { staffId, now },
  );
  return twoStepRead(first, (rows) => {
    if (rows.length === 0) return { value: [] };
    // One audit row per listed patient (names, MRNs and attention counts are read), inserted in the
    // same statement as the counts: they commit together, in one round trip.
    const audit = patientsAuditValues(
      auditActorOf(actor),
      ctx.origin,
      MY_PATIENTS_AUDIT,
      rows.map((r) => r.patientId),
      now,
    );
    return secondStep(
      {
        key: 'records.my_patients_attention',
        build: attentionReads,
        writes: (_db, param) => [preparedPatientsAudit(param, { resourceIsPatient: true }).write],
        values: { ...audit, staffId, userId: actor.userId, dayStart, dayEnd, weekAgo: newDocumentsSince(now) },
      },
      (counts) => assignedPatients(rows, counts),
    );
  });
}

function assignedPatients(
  rows: AssignedPatientRow[],
  {
    drafts,
    reviews,
    uploads,
    today: todays,
  }: { drafts: Map<string, number>; reviews: Map<string, number>; uploads: Map<string, number>; today: TodayAppointmentRow[] },
): AssignedPatient[] {
  const visits = new Map<string, TodayAppointmentRow>();
  for (const a of todays) {
    // The next one still to come first; else the day's first.
    const current = visits.get(a.patientId);
    if (!current || (current.status === 'completed' && a.status !== 'completed')) visits.set(a.patientId, a);
  }
  return rows.map((r) => {
    const visit = visits.get(r.patientId);
    const attention = {
      draftNotes: drafts.get(r.patientId) ?? 0,
      carePlanReviewsDue: reviews.get(r.patientId) ?? 0,
      newPatientDocuments: uploads.get(r.patientId) ?? 0,
      todaysAppointment: visit ? { id: visit.id, startsAt: visit.startsAt, status: visit.status } : null,
    };
    return {
      patientId: r.patientId,
      name: `${r.givenName} ${r.familyName}`,
      mrn: r.mrn,
      birthDate: r.birthDate,
      teamRole: r.teamRole,
      attention,
      needsAttention:
        attention.draftNotes + attention.carePlanReviewsDue + attention.newPatientDocuments > 0 || attention.todaysAppointment !== null,
    };
  });
}
