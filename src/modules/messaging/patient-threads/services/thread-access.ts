import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { SQLWrapper } from 'drizzle-orm';
import {
  auditActorOf,
  auditPatientAccess,
  pendingPatientAudit,
  writeAudit,
  type AuditedAccess,
} from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { runRead } from '../../../../platform/db/read-together.js';
import { notFound } from '../../../../platform/errors.js';
import { patientAccessFactsRead, settlePatientAccess } from '../../../patients/index.js';
import { selectThreadForAccess, type ThreadRow } from '../patient-threads.repository.js';
import type { MessageSide } from '../patient-threads.vocabulary.js';

/**
 * Why the viewer may read a thread: their own (`self`), the patient's current care team
 * (`care_team`), the current staff of the department inbox it was sent or escalated to
 * (`department`), or a live break-the-glass grant (`break_glass`: reads only).
 */
export type ThreadBasis = 'self' | 'care_team' | 'department' | 'break_glass';

export interface ThreadAccess {
  thread: ThreadRow;
  patient: { id: string; givenName: string; familyName: string; mrn: string; userId: string | null };
  departmentCode: string | null;
  departmentName: string | null;
  basis: ThreadBasis;
  side: MessageSide;
}

/**
 * THE access decision for a patient thread. The chart's decision (`patientAccessFactsRead` and
 * `settlePatientAccess`: self, care team, break-the-glass) comes first; a clinician off the care
 * team who works today in the thread's department inbox reads it too. Everyone else — and an
 * unknown thread — gets 404 with a denied audit row. Call with the ROOT handle, before any
 * transaction (the denied row must survive).
 */
export async function threadAccess(db: Db, ctx: ServiceContext, threadId: string, action: string): Promise<ThreadAccess> {
  const { actor } = ctx;
  const found = await selectThreadForAccess(db, threadId, actor.role === 'patient' ? null : actor.staffId);
  if (!found) {
    await writeAudit(
      db,
      auditActorOf(actor),
      ctx.origin,
      {
        action,
        resourceType: 'patient_thread',
        resourceId: threadId,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_thread' },
      },
      ctx.now,
    );
    throw notFound('The conversation');
  }
  const { thread } = found;
  const facts = await runRead(patientAccessFactsRead(db, ctx, thread.patientId));
  const inDepartment =
    actor.role !== 'patient' && thread.departmentId !== null && found.viewerDepartmentId === thread.departmentId && !!facts?.patient;
  let basis: ThreadBasis;
  let patient = facts?.patient;
  if (inDepartment && !facts.onCareTeam) {
    basis = 'department';
  } else {
    const access = await settlePatientAccess(db, ctx, thread.patientId, facts, { need: 'clinical', action });
    patient = access.patient;
    basis = access.tier === 'self' ? 'self' : access.tier === 'care_team' ? 'care_team' : 'break_glass';
  }
  const p = patient!;
  return {
    thread,
    patient: { id: p.id, givenName: p.givenName, familyName: p.familyName, mrn: p.mrn, userId: p.userId },
    departmentCode: found.departmentCode,
    departmentName: found.departmentName,
    basis,
    side: basis === 'self' ? 'patient' : 'staff',
  };
}

/** The audit row of an access to a thread (in the caller's transaction), naming the thread: the proof repositories take. */
export function auditThread(
  tx: Db,
  ctx: ServiceContext,
  access: ThreadAccess,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<AuditedAccess> {
  return auditPatientAccess(tx, auditActorOf(ctx.actor), ctx.origin, threadAuditEntry(access, action, detail), ctx.now);
}

/** The same row not sent yet, to travel in a view's statement with its reads (`readTogether`'s writes). */
export function pendingThreadAudit(
  db: Db,
  ctx: ServiceContext,
  access: ThreadAccess,
  action: string,
): { audited: AuditedAccess; write: SQLWrapper } {
  return pendingPatientAudit(db, auditActorOf(ctx.actor), ctx.origin, threadAuditEntry(access, action, {}), ctx.now);
}

function threadAuditEntry(access: ThreadAccess, action: string, detail: Record<string, unknown>) {
  return {
    action,
    resourceType: 'patient_thread',
    resourceId: access.thread.id,
    patientId: access.patient.id,
    category: 'clinical' as const,
    detail: { basis: access.basis, ...detail },
  };
}
