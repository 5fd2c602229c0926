import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, auditPatientsAccess, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { readPatientLabels } from '../../../patients/index.js';
import type { SearchHitDto } from '../staff-threads.schemas.js';
import { selectSearchHits } from '../staff-threads.repository.js';
import { SEARCH_RESULTS_MAX } from '../staff-threads.vocabulary.js';
import { toMessageDto, viewerOf } from './thread-view.js';

/**
 * Messages containing the words (case-insensitive, through the trigram index), only in threads the
 * person reads now: their direct and group threads and their current care teams' threads
 * (break-the-glass opens one thread, never the search). Newest first, at most 50. One
 * `staff_message.search` row, plus one per patient whose care-team thread matched; the search
 * words are never stored.
 */
export async function searchMessages(db: Db, ctx: ServiceContext, query: string): Promise<SearchHitDto[]> {
  return db.transaction(async (tx) => {
    const hits = await selectSearchHits(tx, viewerOf(ctx.actor), query, ctx.now, SEARCH_RESULTS_MAX);
    const patientIds = [...new Set(hits.flatMap((h) => (h.patientId ? [h.patientId] : [])))];
    const actor = auditActorOf(ctx.actor);
    await writeAudit(
      tx,
      actor,
      ctx.origin,
      { action: 'staff_message.search', resourceType: 'staff_message', detail: { results: hits.length } },
      ctx.now,
    );
    const audited = await auditPatientsAccess(
      tx,
      actor,
      ctx.origin,
      patientIds.map((patientId) => ({
        action: 'staff_message.search',
        resourceType: 'staff_message',
        category: 'clinical' as const,
        patientId,
      })),
      ctx.now,
    );
    const labels = await readPatientLabels(tx, audited);
    return hits.map((h) => ({
      message: toMessageDto(h),
      thread: { id: h.threadId, kind: h.kind, title: h.title, patient: h.patientId ? (labels.get(h.patientId) ?? null) : null },
    }));
  });
}
