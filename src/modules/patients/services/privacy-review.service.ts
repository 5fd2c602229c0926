import type { Db } from '../../../platform/db/database.js';
import { privacyReviewTasks } from '../patients.tables.js';

/**
 * Opens a task for the privacy officers: every break-the-glass access and every second-factor
 * reset is reviewed by a person.
 */
export async function openPrivacyReviewTask(
  db: Db,
  input: { kind: 'break_glass' | 'mfa_reset'; patientId?: string | null; subjectUserId?: string | null; breakGlassGrantId?: string | null },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(privacyReviewTasks)
    .values({
      kind: input.kind,
      patientId: input.patientId ?? null,
      subjectUserId: input.subjectUserId ?? null,
      breakGlassGrantId: input.breakGlassGrantId ?? null,
      createdAt: now,
    })
    .returning({ id: privacyReviewTasks.id });
  return row!;
}
