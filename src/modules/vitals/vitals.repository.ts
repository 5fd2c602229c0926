import { and, asc, desc, eq, gte, lt, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess, PreparedAuditedPatients } from '../../platform/audit/audit.service.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { careTeamMembers, patients } from '../patients/index.js';
import { encounters } from '../records/index.js';
import { appointments } from '../scheduling/index.js';
import { staffProfiles } from '../staff/index.js';
import { patientVitalSettings, vitalSets, type PatientVitalSettingsRow, type VitalSetRow } from './vitals.tables.js';
import { isAnyId } from '../../platform/db/id-lists.js';

export type NewVitalSet = Omit<typeof vitalSets.$inferInsert, 'id' | 'patientId'>;

/** Writes one set of the audited patient. */
export async function insertVitalSet(db: Db, audited: AuditedAccess, values: NewVitalSet): Promise<VitalSetRow> {
  const [row] = await db
    .insert(vitalSets)
    .values({ ...values, patientId: audited.patientId })
    .returning();
  return row!;
}

/** The patient's NEWS2 settings, or undefined (scale 1, not recorded as pregnant). */
export async function selectVitalSettings(db: Db, patientId: string): Promise<PatientVitalSettingsRow | undefined> {
  const [row] = await vitalSettingsQuery(db, patientId);
  return row;
}

/** The patient's settings (zero or one row), not run yet. */
export function vitalSettingsQuery(db: Db, patientId: string) {
  return db.select().from(patientVitalSettings).where(eq(patientVitalSettings.patientId, patientId));
}

export type VitalSettingsValues = Pick<
  PatientVitalSettingsRow,
  'spo2Scale' | 'spo2ScaleReason' | 'pregnant' | 'pregnancyReason' | 'updatedBy' | 'updatedAt'
>;

/** Creates or replaces the audited patient's settings (version + 1). */
export async function upsertVitalSettings(db: Db, audited: AuditedAccess, values: VitalSettingsValues): Promise<PatientVitalSettingsRow> {
  const [row] = await db
    .insert(patientVitalSettings)
    .values({ ...values, patientId: audited.patientId, createdAt: values.updatedAt })
    .onConflictDoUpdate({
      target: patientVitalSettings.patientId,
      set: { ...values, version: sql`${patientVitalSettings.version} + 1` },
    })
    .returning();
  return row!;
}

/** The audited patient's latest sets, newest first (at most `limit`); not run until awaited. */
export function selectPatientSets(db: Db, audited: AuditedAccess, limit: number) {
  return db
    .select()
    .from(vitalSets)
    .where(eq(vitalSets.patientId, audited.patientId))
    .orderBy(desc(vitalSets.takenAt), desc(vitalSets.createdAt), desc(vitalSets.id))
    .limit(limit);
}

/** The ids of the same sets, as a subquery (the chart reads their readings in the same statement). */
export function patientSetIdsQuery(db: Db, audited: AuditedAccess, limit: number) {
  return db
    .select({ id: vitalSets.id })
    .from(vitalSets)
    .where(eq(vitalSets.patientId, audited.patientId))
    .orderBy(desc(vitalSets.takenAt), desc(vitalSets.createdAt), desc(vitalSets.id))
    .limit(limit);
}

/**
 * The latest set of each audited patient that has one (the round's "last NEWS2" and "due at"), for
 * a statement built once: the patients are the audit rows' own placeholder.
 */
export function latestSetsQuery(db: Db, audited: PreparedAuditedPatients) {
  return db
    .selectDistinctOn([vitalSets.patientId])
    .from(vitalSets)
    .where(isAnyId(vitalSets.patientId, audited.patientIds))
    .orderBy(vitalSets.patientId, desc(vitalSets.takenAt), desc(vitalSets.createdAt), desc(vitalSets.id));
}

/**
 * The newest `perPatient` sets of each audited patient (the board's latest set and NEWS2 trend), in
 * one statement: a LATERAL read per patient on vital_sets_patient_taken_idx. Newest first per
 * patient; two sets at the same instant are ordered by when they were recorded, then by id. For a
 * statement built once: the patients are the audit rows' own placeholder. Each row comes nested
 * (`{ ids, recent }`): the set is `recent`.
 */
export function recentSetsQuery(db: Db, audited: PreparedAuditedPatients, perPatient: number) {
  const ids = db
    .select({ patientId: sql<string>`p.patient_id`.as('board_patient_id') })
    .from(sql`unnest(${audited.patientIds}::uuid[]) as p(patient_id)`)
    .as('ids');
  const recent = db
    .select()
    .from(vitalSets)
    .where(eq(vitalSets.patientId, ids.patientId))
    .orderBy(desc(vitalSets.takenAt), desc(vitalSets.createdAt), desc(vitalSets.id))
    .limit(perPatient)
    .as('recent');
  return db.select().from(ids).crossJoinLateral(recent);
}

/**
 * The patient, if they are on the round of the staff member's department in [dayStart, dayEnd)
 * (the rule of the records module's `departmentRound`, for one patient: by the patient's own encounters and
 * appointments, not the whole department's), with that department. Not run yet; every value may be
 * a placeholder (the vitals access check is built once).
 */
export function roundPatientQuery(
  db: Db,
  values: { staffId: string | Placeholder; patientId: string | Placeholder; dayStart: Date | Placeholder; dayEnd: Date | Placeholder },
) {
  const viewer = alias(staffProfiles, 'viewer');
  const clinician = alias(staffProfiles, 'clinician');
  const withEncounter = db
    .select({ one: sql`1` })
    .from(encounters)
    .innerJoin(clinician, eq(clinician.id, encounters.clinicianId))
    .where(
      and(eq(encounters.patientId, patients.id), eq(encounters.status, 'in_progress'), eq(clinician.departmentId, viewer.departmentId)),
    );
  const withAppointment = db
    .select({ one: sql`1` })
    .from(appointments)
    .innerJoin(clinician, eq(clinician.id, appointments.staffId))
    .where(
      and(
        eq(appointments.patientId, patients.id),
        gte(appointments.startsAt, values.dayStart),
        lt(appointments.startsAt, values.dayEnd),
        sql`${appointments.status} <> 'cancelled'`,
        eq(clinician.departmentId, viewer.departmentId),
      ),
    );
  return db
    .select({
      departmentId: sql<string>`${viewer.departmentId}`,
      id: patients.id,
      name: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`,
      mrn: patients.mrn,
      birthDate: patients.birthDate,
    })
    .from(viewer)
    .innerJoin(patients, eq(patients.id, values.patientId))
    .where(and(eq(viewer.id, values.staffId), sql`(exists ${withEncounter} or exists ${withAppointment})`));
}

const activeClinician = (role: 'doctor') => and(eq(users.role, role), sql`${users.disabledAt} is null`);

/**
 * Who answers a NEWS2 response for the patient, first found of: the clinician of the patient's open
 * encounter; a doctor on the patient's active care team (longest-standing first); a doctor of the
 * department where the set was taken. Null when none (the caller then names the person who
 * entered the set, and escalation reaches the team).
 */
export async function selectResponsibleDoctor(db: Db, patientId: string, departmentId: string | null, now: Date): Promise<string | null> {
  const [encounter] = await db
    .select({ userId: users.id })
    .from(encounters)
    .innerJoin(staffProfiles, eq(staffProfiles.id, encounters.clinicianId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(encounters.patientId, patientId), eq(encounters.status, 'in_progress'), sql`${users.disabledAt} is null`))
    .orderBy(desc(encounters.startedAt))
    .limit(1);
  if (encounter) return encounter.userId;
  const [member] = await db
    .select({ userId: users.id })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        sql`${careTeamMembers.removedAt} is null`,
        sql`${careTeamMembers.startsAt} <= ${now}`,
        sql`(${careTeamMembers.endsAt} is null or ${careTeamMembers.endsAt} > ${now})`,
        activeClinician('doctor'),
      ),
    )
    .orderBy(asc(careTeamMembers.startsAt))
    .limit(1);
  if (member) return member.userId;
  if (!departmentId) return null;
  const [colleague] = await db
    .select({ userId: users.id })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(staffProfiles.departmentId, departmentId), activeClinician('doctor')))
    .orderBy(asc(users.id))
    .limit(1);
  return colleague?.userId ?? null;
}
