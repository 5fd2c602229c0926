import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Role } from '../../../platform/auth/auth.tables.js';
import { revokeOneTimeTokens } from '../../../platform/auth/one-time-tokens.js';
import { revokeUserSessions } from '../../../platform/auth/session.repository.js';
import type { Db } from '../../../platform/db/database.js';
import { unprocessable } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import { updateStaffProfile } from '../../staff/index.js';
import type { StaffAccountDto, UpdateStaffInput } from '../admin.schemas.js';
import { setDisabledAt, updateRoleAndFlags } from '../admin.repository.js';
import { requireStaffAccount, toStaffAccountDto } from './staff-account-view.js';

/**
 * Changes a staff member's role, flags or profile. A role or flag change is a permission change:
 * it is audited with the before and after, and the person's other sessions end so the new
 * privileges start from a fresh sign-in. An administrator cannot remove their own admin role.
 */
export async function updateStaffAccount(
  db: Db,
  ctx: ServiceContext,
  staffId: string,
  input: UpdateStaffInput,
  expectedVersion: number | undefined,
): Promise<StaffAccountDto> {
  await db.transaction(async (tx) => {
    const account = await requireStaffAccount(tx, staffId);
    assertVersion(account.version, expectedVersion);
    const self = account.userId === ctx.actor.userId;
    if (self && input.role && input.role !== 'admin' && account.role === 'admin') {
      throw unprocessable('You cannot remove your own administrator role. Ask another administrator to do it.');
    }
    const before = { role: account.role, flags: account.flags };
    const after = {
      role: input.role ?? account.role,
      flags: {
        nurseLead: input.flags?.nurseLead ?? account.flags.nurseLead,
        privacyOfficer: input.flags?.privacyOfficer ?? account.flags.privacyOfficer,
        dispatcher: input.flags?.dispatcher ?? account.flags.dispatcher,
      },
    };
    const privilegeChanged =
      before.role !== after.role ||
      before.flags.nurseLead !== after.flags.nurseLead ||
      before.flags.privacyOfficer !== after.flags.privacyOfficer ||
      before.flags.dispatcher !== after.flags.dispatcher;
    if (privilegeChanged) {
      await updateRoleAndFlags(tx, account.userId, { role: after.role as Role, ...after.flags }, ctx.now);
      await revokeUserSessions(tx, account.userId, ctx.now, self ? ctx.actor.sessionId : undefined);
    }
    const { role: _role, flags: _flags, ...profileChanges } = input;
    await updateStaffProfile(tx, staffId, profileChanges, ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.staff.update',
        resourceType: 'staff',
        resourceId: staffId,
        category: 'administration',
        severity: privilegeChanged ? 'high' : 'low',
        detail: { userId: account.userId, changed: Object.keys(input).sort(), permissionChange: privilegeChanged, before, after },
      },
      ctx.now,
    );
  });
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}

/** Disables an account and ends all its sessions at once. You cannot disable yourself. */
export async function disableStaff(db: Db, ctx: ServiceContext, staffId: string): Promise<StaffAccountDto> {
  await db.transaction(async (tx) => {
    const account = await requireStaffAccount(tx, staffId);
    if (account.userId === ctx.actor.userId) throw unprocessable('You cannot disable your own account.');
    if (account.status !== 'disabled') await setDisabledAt(tx, account.userId, ctx.now, ctx.now);
    await revokeUserSessions(tx, account.userId, ctx.now);
    await revokeOneTimeTokens(tx, 'invitation', account.userId, ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.staff.disable',
        resourceType: 'staff',
        resourceId: staffId,
        category: 'security',
        severity: 'medium',
        detail: { userId: account.userId },
      },
      ctx.now,
    );
  });
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}

/** Lets a disabled account sign in again (its old sessions stay ended). */
export async function enableStaff(db: Db, ctx: ServiceContext, staffId: string): Promise<StaffAccountDto> {
  await db.transaction(async (tx) => {
    const account = await requireStaffAccount(tx, staffId);
    if (account.status === 'disabled') await setDisabledAt(tx, account.userId, null, ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.staff.enable',
        resourceType: 'staff',
        resourceId: staffId,
        category: 'security',
        severity: 'medium',
        detail: { userId: account.userId },
      },
      ctx.now,
    );
  });
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}
