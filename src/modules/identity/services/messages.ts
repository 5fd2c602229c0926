import type { Db } from '../../../platform/db/database.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { queueMessage } from '../../../platform/outbox/outbox.service.js';

/**
 * The identity e-mails, in the recipient's language. They carry a link and nothing clinical (and
 * never say whether the person is a patient here beyond what they asked for).
 */
export type IdentityEmail =
  'verify_email' | 'register_existing' | 'password_reset' | 'email_change' | 'email_change_notice' | 'email_change_taken';

const LINK_PATHS: Partial<Record<IdentityEmail, string>> = {
  verify_email: '/verify-email',
  password_reset: '/password-reset/confirm',
  email_change: '/account/email/confirm',
};

export async function sendIdentityEmail(
  db: Db,
  input: { kind: IdentityEmail; to: string; userId: string | null; locale: string; publicUrl: string; token?: string; now: Date },
): Promise<void> {
  const t = translator(input.locale);
  const path = LINK_PATHS[input.kind];
  const link = path && input.token ? `${input.publicUrl}${path}?token=${encodeURIComponent(input.token)}` : `${input.publicUrl}/login`;
  await queueMessage(
    db,
    {
      channel: 'email',
      to: input.to,
      recipientUserId: input.userId,
      template: `identity.${input.kind}`,
      subject: t(`identity.email_${input.kind}_subject`),
      text: t(`identity.email_${input.kind}_text`, { link, resetLink: `${input.publicUrl}/password-reset` }),
    },
    input.now,
  );
}
