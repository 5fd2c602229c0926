import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { AccessLogEntry } from '../access.schemas.js';
import { findPatientById } from '../patients.repository.js';
import { listAccessEvents } from '../privacy.repository.js';
import { resolvePatientAccess } from './patient-access.service.js';

/**
 * Who accessed a record, from the audit trail: for the patient themself and for privacy officers.
 * Other staff → 403; another patient → 404 (with a denied audit row). Break-the-glass accesses are
 * marked.
 */
export async function getAccessLog(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  params: { limit: number; cursor?: string },
): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
  const { actor } = ctx;
  let patientUserId: string | null;
  if (actor.role === 'patient') {
    patientUserId = (await resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'access_log.read' })).patient.userId;
  } else {
    if (!actor.flags.privacyOfficer) {
      await writeAudit(
        db,
        auditActorOf(actor),
        ctx.origin,
        {
          action: 'access_log.read',
          resourceType: 'patient',
          resourceId: patientId,
          category: 'security',
          outcome: 'denied',
          severity: 'medium',
          detail: { reason: 'not_privacy_officer' },
        },
        ctx.now,
      );
      throw new AppError('forbidden', 'Only the patient and privacy officers can read the access log.');
    }
    const patient = await findPatientById(db, patientId);
    if (!patient) throw notFound('The patient');
    patientUserId = patient.userId;
  }
  const cursor = decodeCursor(params.cursor);
  const beforeId = cursor && typeof cursor[0] === 'number' ? cursor[0] : undefined;
  return db.transaction(async (tx) => {
    await writeAudit(
      tx,
      auditActorOf(actor),
      ctx.origin,
      { action: 'access_log.read', resourceType: 'patient', resourceId: patientId, patientId, category: 'security' },
      ctx.now,
    );
    const rows = await listAccessEvents(tx, patientId, { limit: params.limit, ...(beforeId !== undefined ? { beforeId } : {}) });
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => {
        const byPatient = r.actorUserId !== null && r.actorUserId === patientUserId;
        const kind = byPatient ? (actor.userId === r.actorUserId ? 'you' : 'patient') : r.actorUserId ? 'staff' : 'system';
        return {
          id: String(r.id),
          occurredAt: r.occurredAt,
          actor: {
            kind,
            name: kind === 'staff' && r.givenName ? `${r.givenName} ${r.familyName}` : null,
            role: kind === 'staff' ? r.actorRole : null,
          },
          action: r.action,
          outcome: r.outcome,
          breakGlass: r.tier === 'break_glass' || r.action === 'break_glass.grant',
          ...(Array.isArray(r.sections) ? { sections: r.sections.filter((x): x is string => typeof x === 'string') } : {}),
        } satisfies AccessLogEntry;
      }),
      nextCursor: rows.length > params.limit && last ? encodeCursor([last.id]) : null,
    };
  });
}
