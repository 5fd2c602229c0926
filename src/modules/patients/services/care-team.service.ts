import type { RequestOrigin, ServiceContext, UserActor } from '../../../platform/auth/actor.js';
import { auditActorOf, auditInsertForEachOf, writeAudit, type AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
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
  retireEndedMemberships,
  insertMembershipIfAbsentSql,
  unremovedMembershipsQuery,
  type CareTeamRow,
} from '../care-team.repository.js';
import type { Placeholder, SQL } from 'drizzle-orm';
import { findPatientById } from '../patients.repository.js';
import type { AddCareTeamInput, CareTeamMember } from '../access.schemas.js';
import type { Allergy } from '../records.schemas.js';
import type { PatientProfile } from '../patients.schemas.js';
import { allergiesSection } from './allergies.service.js';
import { accessAuditValues, isClinicalTier, resolvePatientAccess, type PatientAccess } from './patient-access.service.js';
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
  await retireEndedMemberships(tx, input.patientId, [input.staffId], now);
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
 * or future membership not yet retired: `addCareTeamMember` handles it). In a statement built
 * once every value may be a placeholder: the membership's activity at `now` is decided in SQL.
 */
export function careTeamStandingRead(
  db: Db,
  patientId: string | Placeholder,
  staffId: string | Placeholder,
  now: Date | Placeholder,
): DeferredRead<'active' | 'absent' | 'other'> {
  return deferRead(unremovedMembershipsQuery(db, patientId, staffId, now), (rows) => {
    if (rows.length === 0) return 'absent';
    return rows.some((r) => r.active) ? 'active' : 'other';
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
  const access = await careTeamAccess(db, ctx, patientId);
  const audit = accessAuditValues(ctx, access, {
    action: 'care_team.list',
    resourceType: 'care_team_member',
    category: 'registration',
  });
  return (await readCareTeamView(db, 'list', audit, teamSection, { now: ctx.now })).members;
}

/**
 * The care team's views, each ONE statement with its audit row, built once per shape: the list
 * (the API), and the page for a viewer without and with the clinical tier (issue 11: built per
 * request, the page's statement was an eighth of its CPU).
 */
const readCareTeamView = auditedViews();

const teamSection = (db: Db, audited: AuditedAccess, param: (name: 'now') => Placeholder) => ({
  members: membersRead(db, audited.patientId, param('now')),
});

/** Managers decide at the registration tier; everyone else needs access to the record. */
async function careTeamAccess(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientAccess> {
  return canManageCareTeam(ctx.actor)
    ? { patient: await requireManager(db, ctx, patientId, 'care_team.list'), tier: 'registration' }
    : resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'care_team.list' });
}

const membersRead = (db: Db, patientId: string, now: Date | Placeholder) =>
  deferRead(listActiveCareTeam(db, patientId, now), (rows) => rows.map(toMember));

/**
 * The active care team as a read not run yet, for another module's audited view that names it
 * among its sections (the care plan's editor offers the team as the activities' assignees). The
 * caller decided access at the clinical tier or above, which includes this registration-tier list.
 * `patientId` and `now` may be the view's placeholders.
 */
export function careTeamMembersRead(db: Db, patientId: string, now: Date | Placeholder): DeferredRead<CareTeamMember[]> {
  return membersRead(db, patientId, now);
}

/** What the care-team page shows, from ONE access decision and ONE audit row naming its sections. */
export interface CareTeamPageRead {
  members: CareTeamMember[];
  /** At the viewer's tier (registration for a manager who is not on the team). */
  patient: PatientProfile;
  /** Only for a viewer with the clinical tier (the banner's allergy line); null otherwise. */
  allergies: Allergy[] | null;
}

/**
 * The care-team page: one access decision, then the `care_team.list` audit row (naming the
 * sections shown: the team, the banner, and the allergies when the viewer is clinical) sent with
 * every read in ONE statement.
 */
export async function readCareTeamPage(db: Db, ctx: ServiceContext, patientId: string): Promise<CareTeamPageRead> {
  const access = await careTeamAccess(db, ctx, patientId);
  const clinical = isClinicalTier(access.tier);
  const sections = clinical ? ['care_team', 'profile', 'allergies'] : ['care_team', 'profile'];
  const audit = accessAuditValues(ctx, access, {
    action: 'care_team.list',
    resourceType: 'care_team_member',
    category: clinical ? 'clinical' : 'registration',
    detail: { sections },
  });
  const values = { now: ctx.now };
  const read = clinical
    ? await readCareTeamView(
        db,
        'page.clinical',
        audit,
        (db, audited, param: (name: 'now') => Placeholder) => ({
          ...teamSection(db, audited, param),
          allergies: allergiesSection(db, audited),
        }),
        values,
      )
    : { ...(await readCareTeamView(db, 'page.registration', audit, teamSection, values)), allergies: null };
  return { members: read.members, patient: toProfile(access.patient, access.tier), allergies: read.allergies };
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
