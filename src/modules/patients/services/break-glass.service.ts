import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { recheckPassword } from '../../../platform/auth/password-recheck.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import { BREAK_GLASS_ROLES } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../../platform/errors.js';
import { queueMessage } from '../../../platform/outbox/outbox.service.js';
import { insertBreakGlassGrant, isOnActiveCareTeam, privacyOfficers } from '../care-team.repository.js';
import { findPatientById } from '../patients.repository.js';
import { openPrivacyReviewTask } from './privacy-review.service.js';

/** At most this long; the database CHECK holds the same limit. */
export const BREAK_GLASS_MINUTES = 60;

/**
 * Emergency access outside the care team (SECURITY.md): eligible roles only, a typed reason, the
 * password re-checked, one patient, 60 minutes, a high-severity audit row, a review task and an
 * e-mail to every privacy officer (saying only that a review is waiting).
 */
export async function breakTheGlass(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: { reason: string; password: string },
  publicUrl: string,
): Promise<{ expiresAt: Date }> {
  const { actor, now } = ctx;
  if (!BREAK_GLASS_ROLES.includes(actor.role)) throw forbidden('Your role cannot use emergency access.');
  const deny = (reason: string, known: boolean, outcome: 'denied' | 'failure' = 'denied') =>
    writeAudit(
      db,
      auditActorOf(actor),
      ctx.origin,
      {
        action: 'break_glass.grant',
        resourceType: 'patient',
        resourceId: patientId,
        patientId: known ? patientId : null,
        category: 'security',
        outcome,
        severity: 'high',
        detail: { reason },
      },
      now,
    );

  // The password comes first, through the one throttled re-check every re-authentication uses:
  // a wrong one answers the same whether or not the id is a patient's (no probing for records).
  const [user] = await db
    .select({ id: users.id, email: users.email, locale: users.locale, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!user) throw new AppError('not_authenticated', 'Sign in to continue.');
  if (!(await recheckPassword(db, user, input.password, now, publicUrl))) {
    await deny('wrong_password', (await findPatientById(db, patientId)) !== undefined, 'failure');
    throw new AppError('invalid_credentials', 'The password is not correct.');
  }
  const patient = await findPatientById(db, patientId);
  if (!patient) {
    await deny('unknown_patient', false);
    throw notFound('The patient');
  }
  if (actor.staffId && (await isOnActiveCareTeam(db, patientId, actor.staffId, now))) {
    throw conflict('You are on this patient’s care team already: emergency access is not needed.');
  }
  const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    const grant = await insertBreakGlassGrant(tx, { patientId, userId: actor.userId, reason: input.reason, expiresAt }, now);
    const task = await openPrivacyReviewTask(
      tx,
      { kind: 'break_glass', patientId, subjectUserId: actor.userId, breakGlassGrantId: grant.id },
      now,
    );
    await writeAudit(
      tx,
      auditActorOf(actor),
      ctx.origin,
      {
        action: 'break_glass.grant',
        resourceType: 'break_glass_grant',
        resourceId: grant.id,
        patientId,
        category: 'security',
        severity: 'high',
        detail: { tier: 'break_glass', reviewTaskId: task.id, expiresAt: expiresAt.toISOString() },
      },
      now,
    );
    for (const officer of await privacyOfficers(tx)) {
      await queueMessage(
        tx,
        {
          channel: 'email',
          to: officer.email,
          recipientUserId: officer.id,
          template: 'patients.privacy_review_waiting',
          subject: 'A privacy review is waiting',
          text: 'Someone used emergency access to a patient record. Sign in to Carewell and open Privacy reviews to review it.',
          messageId: `break-glass:${grant.id}:${officer.id}`,
          metadata: { reviewTaskId: task.id },
        },
        now,
      );
    }
  });
  return { expiresAt };
}
