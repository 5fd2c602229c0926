import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, auditValues, writeAudit, type AuditedAccess, type AuditEntry } from '../../../../platform/audit/audit.service.js';
import type { ViewAudit } from '../../../../platform/audit/audited-views.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { accessAuditValues, auditAccess, resolvePatientAccess, type PatientAccess } from '../../../patients/index.js';
import { selectThreadForViewer, type StaffThreadRow } from '../staff-threads.repository.js';

/** A thread the viewer may read, and (care-team thread) their access to its patient. */
export interface ThreadAccess {
  thread: StaffThreadRow;
  /** Null for a direct or group thread. */
  patientAccess: PatientAccess | null;
}

/**
 * Who reads a thread (docs/messaging.md): a direct or group thread its members; a care-team thread
 * the patient's CURRENT care team, or a live break-the-glass grant (the patients module's decision,
 * reused as is). Anyone else, and an unknown thread, gets 404 and a denied audit row.
 * Call with the ROOT handle, before the transaction (the denied row must survive).
 */
export async function threadAccess(db: Db, ctx: ServiceContext, threadId: string, action: string): Promise<ThreadAccess> {
  const found = await selectThreadForViewer(db, threadId, ctx.actor.userId);
  if (found?.thread.kind === 'care_team') {
    const access = await resolvePatientAccess(db, ctx, found.thread.patientId!, { need: 'clinical', action });
    if (access.tier === 'care_team' || access.tier === 'break_glass') return { thread: found.thread, patientAccess: access };
  } else if (found?.isMember) {
    return { thread: found.thread, patientAccess: null };
  }
  // resolvePatientAccess writes its own denied row when it refuses (it throws); these are the other refusals.
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action,
      resourceType: 'staff_thread',
      resourceId: threadId,
      outcome: 'denied',
      severity: 'medium',
      detail: { reason: found ? 'not_member' : 'unknown_thread' },
    },
    ctx.now,
  );
  throw notFound('The conversation');
}

/** The patient's care-team thread is the care team's: their access to the patient's clinical record. */
export async function careTeamAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'care_team' && access.tier !== 'break_glass') throw notFound('The patient');
  return access;
}

/** The same row as a view's values (`auditedViews`): the patient's for a care-team thread, none otherwise. */
export function threadViewAudit(ctx: ServiceContext, access: ThreadAccess, entry: Omit<AuditEntry, 'patientId'>): ViewAudit {
  const full = { ...entry, resourceId: entry.resourceId ?? access.thread.id };
  if (access.patientAccess) return accessAuditValues(ctx, access.patientAccess, { ...full, category: 'clinical' });
  return {
    audited: { patientId: null } as unknown as AuditedAccess,
    values: auditValues(auditActorOf(ctx.actor), ctx.origin, full, ctx.now),
  };
}

/**
 * The audit row of an access to a thread, in the caller's transaction: a care-team thread's
 * messages are clinical data and the row names the patient; a staff thread's row names the thread.
 */
export async function auditThread(tx: Db, ctx: ServiceContext, access: ThreadAccess, entry: Omit<AuditEntry, 'patientId'>): Promise<void> {
  const full = { ...entry, resourceId: entry.resourceId ?? access.thread.id };
  if (access.patientAccess) await auditAccess(tx, ctx, access.patientAccess, { ...full, category: 'clinical' });
  else await writeAudit(tx, auditActorOf(ctx.actor), ctx.origin, full, ctx.now);
}
