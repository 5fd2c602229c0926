import type { RequestOrigin } from '../../../platform/auth/actor.js';
import { auditPatientsAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { insertMembershipsIfAbsent, removeMembershipsInRole, retireEndedMemberships } from '../care-team.repository.js';

/**
 * Ends every membership of a patient's care team held in one team role (the emergency department's
 * clinicians for a stay, docs/emergency.md): removed at `now`, each with its `care_team.remove`
 * audit row naming the reason, two statements whatever their number. Memberships in other roles
 * (the patient's usual team) stay. For other modules: it checks no permission. Returns how many ended.
 */
export async function endCareTeamRole(
  tx: Db,
  input: { patientId: string; teamRole: string; endedBy: string | null; endedByRole: string | null; reason: string },
  now: Date,
  origin: RequestOrigin | null,
): Promise<number> {
  const ended = await removeMembershipsInRole(tx, input.patientId, input.teamRole, input.endedBy, now);
  const audits = membershipAudits('care_team.remove', input.patientId, ended, { reason: input.reason });
  await auditPatientsAccess(tx, { userId: input.endedBy, role: input.endedByRole }, origin, audits, now);
  return ended.length;
}

/**
 * Puts staff on a patient's care team in one team role (the emergency department's clinicians for
 * a stay, docs/emergency.md), each with its `care_team.add` audit row: three statements whatever
 * the number of staff. A staff member already on the team (in any role) stays as they are. For
 * other modules: it checks no permission; the caller names active staff.
 */
export async function joinCareTeamForStay(
  tx: Db,
  input: { patientId: string; staffIds: readonly string[]; teamRole: string; addedBy: string | null; addedByRole: string | null },
  now: Date,
  origin: RequestOrigin | null,
): Promise<number> {
  const staffIds = [...new Set(input.staffIds)];
  if (staffIds.length === 0) return 0;
  await retireEndedMemberships(tx, input.patientId, staffIds, now);
  const joined = await insertMembershipsIfAbsent(
    tx,
    { patientId: input.patientId, staffIds, teamRole: input.teamRole, addedBy: input.addedBy },
    now,
  );
  const audits = membershipAudits('care_team.add', input.patientId, joined, { teamRole: input.teamRole });
  await auditPatientsAccess(tx, { userId: input.addedBy, role: input.addedByRole }, origin, audits, now);
  return joined.length;
}

/** One audit row per membership added or ended, naming the staff member and `detail`. */
function membershipAudits(
  action: 'care_team.add' | 'care_team.remove',
  patientId: string,
  memberships: readonly { id: string; staffId: string }[],
  detail: Record<string, string>,
) {
  return memberships.map((m) => ({
    action,
    resourceType: 'care_team_member',
    resourceId: m.id,
    patientId,
    category: 'clinical' as const,
    detail: { staffId: m.staffId, ...detail },
  }));
}
