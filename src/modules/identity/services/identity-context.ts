import type { RequestOrigin } from '../../../platform/auth/actor.js';
import { writeAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';

/** A request that may come from someone not signed in (sign-up, sign-in, e-mail links). */
export interface PublicContext {
  origin: RequestOrigin;
  now: Date;
  /** Known-device tokens the caller presented (cookie or API body); see known-devices.ts. */
  deviceTokens?: readonly string[];
}

/**
 * Security events (sign-in, failures, factor and password changes, revocations). Detail holds
 * ids and codes only: never an e-mail address, and for an unknown account no identifier at all.
 */
export async function auditSecurity(
  db: Db,
  actor: AuditActor,
  ctx: PublicContext,
  event: {
    action: string;
    resourceId?: string | null;
    outcome?: 'success' | 'failure' | 'denied';
    severity?: 'low' | 'medium' | 'high';
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await writeAudit(
    db,
    actor,
    ctx.origin,
    {
      action: event.action,
      resourceType: 'user',
      resourceId: event.resourceId ?? actor.userId ?? null,
      category: 'security',
      outcome: event.outcome ?? 'success',
      severity: event.severity ?? (event.outcome && event.outcome !== 'success' ? 'medium' : 'low'),
      detail: event.detail ?? {},
    },
    ctx.now,
  );
}
