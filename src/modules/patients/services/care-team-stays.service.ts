import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { RequestOrigin } from '../../../platform/auth/actor.js';
import { auditPatientsAccess, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { careTeamMembers } from '../patients.tables.js';

/**
 * Ends every membership of a patient's care team held in one team role (the emergency department's
 * clinicians for a stay, docs/emergency.md): removed at `now`, each with its `care_team.remove`
 * audit row naming the reason. Memberships in other roles (the patient's usual team) stay. For
 * other modules: it checks no permission. Returns how many ended (a stay has a handful).
 */
export async function endCareTeamRole(
  tx: Db,
  input: { patientId: string; teamRole: string; endedBy: string | null; endedByRole: string | null; reason: string },
  now: Date,
  origin: RequestOrigin | null,
): Promise<number> {
  const ended = await tx
    .update(careTeamMembers)
    .set({ removedAt: now, removedBy: input.endedBy })
    .where(
      and(eq(careTeamMembers.patientId, input.patientId), eq(careTeamMembers.teamRole, input.teamRole), isNull(careTeamMembers.removedAt)),
    )
    .returning({ id: careTeamMembers.id, staffId: careTeamMembers.staffId });
  for (const membership of ended) {
    await writeAudit(
      tx,
      { userId: input.endedBy, role: input.endedByRole },
      origin,
      {
        action: 'care_team.remove',
        resourceType: 'care_team_member',
        resourceId: membership.id,
        patientId: input.patientId,
        category: 'clinical',
        detail: { staffId: membership.staffId, reason: input.reason },
      },
      now,
    );
  }
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
  // A membership that ended but was never retired still holds the unique index: retire it first.
  await tx
    .update(careTeamMembers)
    .set({ removedAt: now })
    .where(
      and(
        eq(careTeamMembers.patientId, input.patientId),
        inArray(careTeamMembers.staffId, staffIds),
        isNull(careTeamMembers.removedAt),
        lte(careTeamMembers.endsAt, now),
      ),
    );
  const joined = await tx
    .insert(careTeamMembers)
    .values(
      staffIds.map((staffId) => ({
        patientId: input.patientId,
        staffId,
        teamRole: input.teamRole,
        startsAt: now,
        addedBy: input.addedBy,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: careTeamMembers.id, staffId: careTeamMembers.staffId });
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
