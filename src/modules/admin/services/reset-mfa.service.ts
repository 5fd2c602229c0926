import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { revokeUserSessions } from '../../../platform/auth/session.repository.js';
import type { Db } from '../../../platform/db/database.js';
import { unprocessable } from '../../../platform/errors.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { queueMessage } from '../../../platform/outbox/outbox.service.js';
import { openPrivacyReviewTask } from '../../patients/index.js';
import type { StaffAccountDto } from '../admin.schemas.js';
import { clearSecondFactors, findAccountLocale, selectPrivacyOfficers } from '../admin.repository.js';
import { requireStaffAccount, toStaffAccountDto } from './staff-account-view.js';

/**
 * Resets a lost second factor: removes the TOTP secret, recovery codes and passkeys, ends every
 * session (the person enrols again at next sign-in), and opens a privacy review that every
 * privacy officer is told about. An administrator cannot reset their own factor: a stolen
 * session must not be able to strip it.
 */
export async function resetStaffMfa(db: Db, ctx: ServiceContext, staffId: string, publicUrl: string): Promise<StaffAccountDto> {
  await db.transaction(async (tx) => {
    const account = await requireStaffAccount(tx, staffId);
    if (account.userId === ctx.actor.userId)
      throw unprocessable('You cannot reset your own two-factor sign-in. Ask another administrator.');
    const removed = await clearSecondFactors(tx, account.userId, ctx.now);
    await revokeUserSessions(tx, account.userId, ctx.now);
    const task = await openPrivacyReviewTask(tx, { kind: 'mfa_reset', subjectUserId: account.userId }, ctx.now);
    for (const officer of await selectPrivacyOfficers(tx)) {
      const t = translator(officer.locale);
      await queueMessage(
        tx,
        {
          channel: 'email',
          to: officer.email,
          recipientUserId: officer.userId,
          template: 'admin.privacy_review_waiting',
          subject: t('admin.review_waiting_subject'),
          text: t('admin.review_waiting_text', { link: `${publicUrl}/staff/privacy-reviews` }),
          messageId: `privacy-review:${task.id}:${officer.userId}`,
          metadata: { reviewTaskId: task.id },
        },
        ctx.now,
      );
    }
    const t = translator(await findAccountLocale(tx, account.userId));
    await queueMessage(
      tx,
      {
        channel: 'email',
        to: account.email,
        recipientUserId: account.userId,
        template: 'admin.mfa_reset_notice',
        subject: t('admin.mfa_reset_subject'),
        text: t('admin.mfa_reset_text', { link: `${publicUrl}/login` }),
      },
      ctx.now,
    );
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'admin.staff.reset_mfa',
        resourceType: 'staff',
        resourceId: staffId,
        category: 'security',
        severity: 'high',
        detail: { userId: account.userId, reviewTaskId: task.id, removed },
      },
      ctx.now,
    );
  });
  return toStaffAccountDto(await requireStaffAccount(db, staffId));
}
