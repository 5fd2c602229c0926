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
  await auditPatientsAccess(
    tx,
    { userId: input.endedBy, role: input.endedByRole },
    origin,
    ended.map((m) => ({
      action: 'care_team.remove',
      resourceType: 'care_team_member',
      resourceId: m.id,
      patientId: input.patientId,
      category: 'clinical' as const,
      detail: { staffId: m.staffId, reason: input.reason },
    })),
    now,
  );
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
  await auditPatientsAccess(
    tx,
    { userId: input.addedBy, role: input.addedByRole },
    origin,
    joined.map((m) => ({
      action: 'care_team.add',
      resourceType: 'care_team_member',
      resourceId: m.id,
      patientId: input.patientId,
      category: 'clinical' as const,
      detail: { staffId: m.staffId, teamRole: input.teamRole },
    })),
    now,
  );
  return joined.length;
}
