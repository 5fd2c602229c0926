import { eq } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.js';
import { notify } from '../../../notifications/index.js';
import { patients } from '../../../patients/index.js';
import type { ClaimRow } from '../insurance.repository.js';

/**
 * Tells the patient that their claim moved (category `billing`), with the caller's handle so it
 * commits with the change. The texts name no amount, payer or service: only that the status changed
 * and where to look (behind sign-in). A patient without a portal account gets nothing.
 */
export async function noticeClaimStatus(db: Db, claim: ClaimRow, now: Date): Promise<void> {
  if (claim.status === 'draft') return;
  const [patient] = await db.select({ userId: patients.userId }).from(patients).where(eq(patients.id, claim.patientId));
  if (!patient?.userId) return;
  await notify(
    db,
    {
      recipientUserId: patient.userId,
      category: 'billing',
      template: `insurance.notice_claim_${claim.status}`,
      link: `/portal/claims/${claim.id}`,
      dedupeKey: `insurance-claim:${claim.id}:${claim.status}:${now.toISOString()}`,
    },
    now,
  );
}
