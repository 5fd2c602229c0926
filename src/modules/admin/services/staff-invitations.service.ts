import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { issueOneTimeToken, revokeOneTimeTokens, TOKEN_LIFETIME_MS } from '../../../platform/auth/one-time-tokens.js';
import type { Db } from '../../../platform/db/database.js';
import { pgErrorOf } from '../../../platform/db/constraint-errors.js';
import { conflict } from '../../../platform/errors.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { queueMessage } from '../../../platform/outbox/outbox.service.js';
import { createStaffProfile } from '../../staff/index.js';
import type { InviteStaffInput, StaffAccountDto } from '../admin.schemas.js';
import { emailInUse, findAccountLocale, insertInvitedUser } from '../admin.repository.js';
import { requireStaffAccount, toStaffAccountDto } from './staff-account-view.js';

const EMAIL_TAKEN = 'An account with this e-mail address already exists. Find the person in the staff list, or use another address.';

/** Issues a fresh invitation token and queues the e-mail carrying its link, with the caller's handle. */
async function sendInvitation(
  tx: Db,
  invitee: { userId: string; email: string; givenName: string; locale: string },
  publicUrl: string,
  now: Date,
): Promise<void> {
  const token = await issueOneTimeToken(tx, { kind: 'invitation', userId: invitee.userId, now });
  const t = translator(invitee.locale);
  const link = `${publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
  await queueMessage(
    tx,
    {
      channel: 'email',
      to: invitee.email,
      recipientUserId: invitee.userId,
      template: 'admin.staff_invitation',
      subject: t('admin.invitation_subject'),
      text: t('admin.invitation_text', { name: invitee.givenName, link, hours: TOKEN_LIFETIME_MS.invitation / 3_600_000 }),
      metadata: { userId: invitee.userId },
    },
    now,
  );
}

/**
 * Invites a staff member: the account (no password, e-mail unverified), the staff profile with its
 * specialties, a 72-hour invitation token and the e-mail with its link, all in one transaction.
 */
export async function inviteStaff(db: Db, ctx: ServiceContext, input: InviteStaffInput, publicUrl: string): Promise<StaffAccountDto> {
  const flags = {
    nurseLead: input.flags?.nurseLead ?? false,
    privacyOfficer: input.flags?.privacyOfficer ?? false,
    dispatcher: input.flags?.dispatcher ?? false,
  };
  let staffId: string;
  try {
    staffId = await db.transaction(async (tx) => {
      if (await emailInUse(tx, input.email)) throw conflict(EMAIL_TAKEN);
      const user = await insertInvitedUser(tx, { email: input.email, role: input.role, ...flags }, ctx.now);
      const profile = await createStaffProfile(tx, {
        userId: user.id,
        givenName: input.givenName,
        familyName: input.familyName,
        title: input.title ?? null,
        departmentId: input.departmentId ?? null,
        specialtyIds: input.specialtyIds ?? [],
        languages: input.languages ?? [],
        now: ctx.now,
      });
      await sendInvitation(
        tx,
        { userId: user.id, email: input.email, givenName: input.givenName, locale: user.locale },
        publicUrl,
        ctx.now,
      );
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: 'admin.staff.invite',
          resourceType: 'staff',
          resourceId: profile.id,
          category: 'administration',
          severity: 'medium',
          detail: { userId: user.id, role: input.role, flags },
        },
        ctx.now,
      );
      return profile.id;
    });
  } catch (error) {
    // Two invitations racing for one address: the unique index decides, with the same sentence.
    const pg = pgErrorOf(error);
    if (pg?.code === '23505' && (pg.constraint ?? pg.constraint_name) === 'users_email_key') throw conflict(EMAIL_TAKEN);
    throw error;
  }
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}

/** A new invitation link for someone who has not accepted yet; the old link stops working. */
export async function resendInvitation(db: Db, ctx: ServiceContext, staffId: string, publicUrl: string): Promise<StaffAccountDto> {
  await db.transaction(async (tx) => {
    const account = await requireStaffAccount(tx, staffId);
    if (account.status !== 'invited') {
      throw conflict(
        account.status === 'disabled'
          ? 'This account is disabled. Enable it before sending a new invitation.'
          : 'This person has already accepted the invitation.',
      );
    }
    await revokeOneTimeTokens(tx, 'invitation', account.userId, ctx.now);
    const locale = await findAccountLocale(tx, account.userId);
    await sendInvitation(tx, { userId: account.userId, email: account.email, givenName: account.givenName, locale }, publicUrl, ctx.now);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.staff.resend_invitation',
        resourceType: 'staff',
        resourceId: staffId,
        category: 'administration',
        detail: { userId: account.userId },
      },
      ctx.now,
    );
  });
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}
