import type { RequestOrigin, ServiceContext, UserActor } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { registerConstraintMessages } from '../../../platform/db/constraint-errors.js';
import { AppError, conflict, notFound, unprocessable } from '../../../platform/errors.js';
import {
  findActiveMembership,
  findStaffForCareTeam,
  isOnActiveCareTeam,
  listAssignableStaff,
  insertMembership,
  listActiveCareTeam,
  removeMembership,
  retireEndedMembership,
  insertMembershipIfAbsentSql,
  unremovedMembershipsQuery,
  type CareTeamRow,
} from '../care-team.repository.js';
import { auditInsertForEachOf } from '../../../platform/audit/audit.service.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import type { SQL } from 'drizzle-orm';
import { findPatientById } from '../patients.repository.js';
import type { AddCareTeamInput, CareTeamMember } from '../access.schemas.js';
import type { PatientProfile } from '../patients.schemas.js';
import { auditAccess, resolvePatientAccess } from './patient-access.service.js';
import { toProfile } from './patient-profile.service.js';

registerConstraintMessages({
  care_team_members_active_key: { code: 'conflict', message: 'This staff member is already on the patient’s care team.' },
});

/** Receptionists and administrators manage care teams, and nurses with the nurse-lead flag. */
export function canManageCareTeam(actor: UserActor): boolean {
  return actor.role === 'receptionist' || actor.role === 'admin' || (actor.role === 'nurse' && actor.flags.nurseLead);
}

/**
 * Adds a staff member to a patient's care team, opening the clinical tier of the record to them.
 * For other modules (appointments call it when a visit is booked): it checks no permission, only
 * that the staff member exists (404). When the person is already an active member, it returns that
 * membership with `created: false` instead of failing. Writes the audit row when it adds someone.
 */
export async function addCareTeamMember(
  tx: Db,
  input: {
    patientId: string;
    staffId: string;
    teamRole?: string | null;
    addedBy?: string | null;
    addedByRole?: string | null;
    endsAt?: Date | null;
  },
  now: Date,
  origin: RequestOrigin | null = null,
): Promise<{ membership: CareTeamRow; created: boolean }> {
  const staff = await findStaffForCareTeam(tx, input.staffId);
  if (!staff || staff.disabledAt || staff.role === 'patient') throw notFound('The staff member');
  const existing = await findActiveMembership(tx, input.patientId, input.staffId, now);
  if (existing) return { membership: existing, created: false };
  await retireEndedMembership(tx, input.patientId, input.staffId, now);
  const membership = await insertMembership(
    tx,
    {
      patientId: input.patientId,
      staffId: input.staffId,
      teamRole: input.teamRole ?? null,
      endsAt: input.endsAt ?? null,
      addedBy: input.addedBy ?? null,
    },
    now,
  );
  await writeAudit(
    tx,
    { userId: input.addedBy ?? null, role: input.addedByRole ?? null },
    origin,
    {
      action: 'care_team.add',
      resourceType: 'care_team_member',
      resourceId: membership.id,
      patientId: input.patientId,
      category: 'clinical',
      detail: { staffId: input.staffId },
    },
    now,
  );
  return { membership, created: true };
}

/**
 * Where a staff member stands on a patient's care team, as a query not run yet (a booking reads it
 * with its other facts): `active` (nothing to add), `absent` (no membership holds the unique index:
 * `joinCareTeamAlongside` can add one inside the booking's own statement), or `other` (an ended
 * or future membership not yet retired: `addCareTeamMember` handles it).
 */
export function careTeamStandingRead(db: Db, patientId: string, staffId: string, now: Date): DeferredRead<'active' | 'absent' | 'other'> {
  return deferRead(unremovedMembershipsQuery(db, patientId, staffId), (rows) => {
    if (rows.length === 0) return 'absent';
    return rows.some((r) => r.startsAt <= now && (r.endsAt === null || r.endsAt > now)) ? 'active' : 'other';
  });
}

/**
 * `addCareTeamMember` for a staff member with no membership (`careTeamStandingRead` said `absent`;
 * the caller has checked they exist and are active), as two data-modifying WITH clauses to put in
 * the caller's own statement: the membership, inserted unless one appeared meanwhile, and its
 * audit row, written only if it was. The keys are the clauses' names.
 */
export function joinCareTeamAlongside(
  input: { id: string; patientId: string; staffId: string; addedBy: string | null; addedByRole: string | null },
  now: Date,
  origin: RequestOrigin | null,
): Record<string, SQL> {
  return {
    care_team_joined: insertMembershipIfAbsentSql(input, now),
    care_team_joined_audit: auditInsertForEachOf(
      { userId: input.addedBy, role: input.addedByRole },
      origin,
      {
        action: 'care_team.add',
        resourceType: 'care_team_member',
        resourceId: input.id,
        patientId: input.patientId,
        category: 'clinical',
        detail: { staffId: input.staffId },
      },
      now,
      'care_team_joined',
    ),
  };
}

async function requireManager(db: Db, ctx: ServiceContext, patientId: string, action: string) {
  if (!canManageCareTeam(ctx.actor)) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action,
        resourceType: 'care_team_member',
        patientId: null,
        category: 'security',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'not_nurse_lead' },
      },
      ctx.now,
    );
    throw new AppError('forbidden', 'Only the front desk, administrators and lead nurses manage care teams.');
  }
  const patient = await findPatientById(db, patientId);
  if (!patient) throw notFound('The patient');
  return patient;
}

/** The active care team. Managers see any patient's; others need access to the record. */
export async function listCareTeam(db: Db, ctx: ServiceContext, patientId: string): Promise<CareTeamMember[]> {
  return (await careTeamWithPatient(db, ctx, patientId)).members;
}

/**
 * The same read (one decision, one `care_team.list` row) with the patient's registration-tier
 * profile from that decision, for the page's banner (a manager may not be on the team).
 */
export async function careTeamWithPatient(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ members: CareTeamMember[]; registrationProfile: PatientProfile }> {
  const access = canManageCareTeam(ctx.actor)
    ? { patient: await requireManager(db, ctx, patientId, 'care_team.list'), tier: 'registration' as const }
    : await resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'care_team.list' });
  return db.transaction(async (tx) => {
    await auditAccess(tx, ctx, access, { action: 'care_team.list', resourceType: 'care_team_member', category: 'registration' });
    const rows = await listActiveCareTeam(tx, patientId, ctx.now);
    return { registrationProfile: toProfile(access.patient, 'registration'), members: rows.map(toMember) };
  });
}

/** Staff who may be added to a care team (enabled accounts), for the manager's form. */
export async function listAssignableStaffChoices(db: Db): Promise<{ id: string; name: string; role: string }[]> {
  return (await listAssignableStaff(db)).map((s) => ({ id: s.id, name: `${s.givenName} ${s.familyName}`, role: s.role }));
}

const toMember = (r: Awaited<ReturnType<typeof listActiveCareTeam>>[number]): CareTeamMember => ({
  id: r.id,
  patientId: r.patientId,
  staffId: r.staffId,
  name: `${r.givenName} ${r.familyName}`,
  role: r.role,
  teamRole: r.teamRole,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  createdAt: r.createdAt,
});

export async function addToCareTeam(db: Db, ctx: ServiceContext, patientId: string, input: AddCareTeamInput): Promise<CareTeamMember> {
  await requireManager(db, ctx, patientId, 'care_team.add');
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  if (endsAt && endsAt <= ctx.now) throw unprocessable('The end of the membership must be in the future.');
  const membership = await db.transaction(async (tx) => {
    const result = await addCareTeamMember(
      tx,
      {
        patientId,
        staffId: input.staffId,
        teamRole: input.teamRole ?? null,
        addedBy: ctx.actor.userId,
        addedByRole: ctx.actor.role,
        endsAt,
      },
      ctx.now,
      ctx.origin,
    );
    if (!result.created) throw conflict('This staff member is already on the patient’s care team.');
    return result.membership;
  });
  const member = (await listActiveCareTeam(db, patientId, ctx.now)).find((m) => m.id === membership.id);
  return {
    id: membership.id,
    patientId,
    staffId: membership.staffId,
    name: member ? `${member.givenName} ${member.familyName}` : '',
    role: member?.role ?? '',
    teamRole: membership.teamRole,
    startsAt: membership.startsAt,
    endsAt: membership.endsAt,
    createdAt: membership.createdAt,
  };
}

/** Ends a membership (kept, with removed_at): the person loses the clinical tier at once. */
export async function removeFromCareTeam(db: Db, ctx: ServiceContext, patientId: string, membershipId: string): Promise<void> {
  await requireManager(db, ctx, patientId, 'care_team.remove');
  await db.transaction(async (tx) => {
    const row = await removeMembership(tx, patientId, membershipId, ctx.actor.userId, ctx.now);
    if (!row) throw notFound('The care team membership');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'care_team.remove',
        resourceType: 'care_team_member',
        resourceId: membershipId,
        patientId,
        category: 'clinical',
        detail: { staffId: row.staffId },
      },
      ctx.now,
    );
  });
}

/** Whether a clinician is on the patient's active care team now: other modules' access rules ask this. */
export function isOnCareTeam(db: Db, patientId: string, staffId: string, now: Date): Promise<boolean> {
  return isOnActiveCareTeam(db, patientId, staffId, now);
}
