import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { conflict, notFound } from '../../../../platform/errors.js';
import { notify } from '../../../notifications/index.js';
import { auditAccess } from '../../../patients/index.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import { findEncounter, insertSummary, listSummaries } from '../encounters.repository.js';
import type { SharedSummary, ShareSummaryInput } from '../encounters.schemas.js';
import { requireStaffId, resolveChildAccess, resolveRecordAccess } from './encounters-access.service.js';

/**
 * The visit summary and instructions a clinician shares with the patient: one per encounter, never
 * changed after sharing. The patient is notified; the external message says only that a summary
 * is waiting (no clinical details).
 */
export async function shareSummary(db: Db, ctx: ServiceContext, encounterId: string, input: ShareSummaryInput): Promise<SharedSummary> {
  const staffId = requireStaffId(ctx);
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'summary.share', { staffOnly: true });
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'summary.share',
      resourceType: 'encounter',
      resourceId: encounterId,
      category: 'clinical',
    });
    const encounter = await findEncounter(tx, audited, encounterId);
    if (!encounter) throw notFound('The encounter');
    if (encounter.status === 'cancelled') throw conflict('This encounter was cancelled.');
    const row = await insertSummary(tx, audited, {
      encounterId,
      summary: input.summary,
      instructions: input.instructions ?? '',
      sharedBy: staffId,
      sharedAt: ctx.now,
    });
    if (!row) throw conflict('A summary was already shared for this encounter.');
    if (access.patient.userId) {
      await notify(
        tx,
        {
          recipientUserId: access.patient.userId,
          category: 'message',
          template: 'records.summary_shared',
          link: '/portal/summaries',
          dedupeKey: `summary:${row.id}`,
        },
        ctx.now,
      );
    }
    const [shared] = (await listSummaries(tx, audited)).filter((s) => s.id === row.id);
    return shared!;
  });
}

/** The summaries shared from the patient's encounters: the patient (self) and their clinicians. */
export async function listSharedSummariesForPatient(db: Db, ctx: ServiceContext, patientId: string): Promise<SharedSummary[]> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'summary.list');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'summary.list', resourceType: 'encounter_summary', category: 'clinical' });
    return readSharedSummaries(tx, audited);
  });
}

/** The shared-summaries section of an audited read model (health record): the caller decided and audited. */
export function readSharedSummaries(tx: Db, audited: AuditedAccess): Promise<SharedSummary[]> {
  return runRead(summariesSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function summariesSection(tx: Db, audited: AuditedAccess): DeferredRead<SharedSummary[]> {
  return deferRead(listSummaries(tx, audited), (rows) => rows);
}
