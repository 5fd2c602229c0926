import { sealAuditChain, verifyAuditChain } from '../../../platform/audit/audit-chain.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { AuditEventDto, AuditQuery, ChainVerificationDto } from '../admin.schemas.js';
import { selectAuditEvents, type AuditEventRow } from '../audit-trail.repository.js';

const DAY_MS = 86_400_000;

/** `from` is inclusive; a date-only `to` covers that whole day (UTC). */
export function auditTimeRange(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from) range.from = new Date(from.length === 10 ? `${from}T00:00:00Z` : from);
  if (to) range.to = to.length === 10 ? new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS) : new Date(to);
  if (range.from && range.to && range.from >= range.to) throw validationFailed([{ path: 'to', message: 'Must be after the start' }]);
  return range;
}

function toDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    actorApiKeyId: row.actorApiKeyId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientId: row.patientId,
    category: row.category,
    outcome: row.outcome,
    severity: row.severity,
    ip: row.ip,
    requestId: row.requestId,
    detail: row.detail,
    seq: row.seq,
  };
}

/**
 * Searches the audit trail, newest first. Reading it is itself audited ('audit.search'), with the
 * filters used (ids and codes only) in the detail.
 */
export async function searchAuditTrail(
  db: Db,
  ctx: ServiceContext,
  query: AuditQuery,
): Promise<{ items: AuditEventDto[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 1 || typeof cursor[0] !== 'number'))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const range = auditTimeRange(query.from, query.to);
  return db.transaction(async (tx) => {
    const rows = await selectAuditEvents(tx, {
      actorUserId: query.actor,
      patientId: query.patient,
      action: query.action,
      outcome: query.outcome,
      ...range,
      beforeId: cursor?.[0] as number | undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const filters = Object.fromEntries(
      Object.entries({
        actor: query.actor,
        patient: query.patient,
        action: query.action,
        outcome: query.outcome,
        from: query.from,
        to: query.to,
      }).filter(([, v]) => v !== undefined),
    );
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'audit.search',
        resourceType: 'audit_trail',
        category: 'security',
        detail: { filters, returned: page.length, page: cursor ? 'next' : 'first' },
      },
      ctx.now,
    );
    const last = page.at(-1);
    return { items: page.map(toDto), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
  });
}

/**
 * Seals every committed row into the hash chain, then walks the whole chain. Must get the root
 * handle: sealing runs its own transactions under an advisory lock.
 */
export async function sealAndVerifyAuditChain(db: Db): Promise<ChainVerificationDto> {
  let sealed = 0;
  for (;;) {
    const batch = await sealAuditChain(db);
    sealed += batch;
    if (batch === 0) break;
  }
  const result = await verifyAuditChain(db);
  return { ok: result.ok, checked: result.checked, sealed, unsealed: result.unsealed, firstBroken: result.firstBroken ?? null };
}

/** The administrator's verify button: the result, and an audit row saying who checked and what. */
export async function verifyAuditTrail(db: Db, ctx: ServiceContext): Promise<ChainVerificationDto> {
  const result = await sealAndVerifyAuditChain(db);
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'audit.verify',
      resourceType: 'audit_trail',
      category: 'security',
      outcome: result.ok ? 'success' : 'failure',
      severity: result.ok ? 'low' : 'high',
      detail: { ok: result.ok, checked: result.checked, brokenSeq: result.firstBroken?.seq ?? null },
    },
    ctx.now,
  );
  return result;
}
