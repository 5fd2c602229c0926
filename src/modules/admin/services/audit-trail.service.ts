import { sealAuditBacklog, verifyAuditChain } from '../../../platform/audit/audit-chain.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden, validationFailed } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import {
  AUDIT_FILTER_NAMES,
  type AuditEventDto,
  type AuditExportQuery,
  type AuditQuery,
  type ChainVerificationDto,
} from '../admin.schemas.js';
import { selectAuditEvents, selectAuditNames, type AuditEventRow, type AuditFilters } from '../audit-trail.repository.js';

const DAY_MS = 86_400_000;

/** `from` is inclusive; a date-only `to` covers that whole day (UTC). */
export function auditTimeRange(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from) range.from = new Date(from.length === 10 ? `${from}T00:00:00Z` : from);
  if (to) range.to = to.length === 10 ? new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS) : new Date(to);
  if (range.from && range.to && range.from >= range.to) throw validationFailed([{ path: 'to', message: 'Must be after the start' }]);
  return range;
}

/** The search and the export are for administrators and privacy officers (the route grants every staff role). */
export function assertAuditReviewer(ctx: ServiceContext): void {
  if (ctx.actor.role !== 'admin' && !ctx.actor.flags.privacyOfficer)
    throw forbidden('Only administrators and privacy officers review the audit trail.');
}

function toDto(row: AuditEventRow, names: { actors: Map<string, string>; patients: Map<string, string> }): AuditEventDto {
  return {
    id: row.id,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    actorApiKeyId: row.actorApiKeyId,
    actorName: row.actorUserId ? (names.actors.get(row.actorUserId) ?? null) : null,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientId: row.patientId,
    patientName: row.patientId ? (names.patients.get(row.patientId) ?? null) : null,
    category: row.category,
    outcome: row.outcome,
    severity: row.severity,
    ip: row.ip,
    requestId: row.requestId,
    detail: row.detail,
    seq: row.seq,
  };
}

async function withNames(db: Db, rows: AuditEventRow[]): Promise<AuditEventDto[]> {
  const userIds = [...new Set(rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))];
  const patientIds = [...new Set(rows.flatMap((r) => (r.patientId ? [r.patientId] : [])))];
  const names = await selectAuditNames(db, userIds, patientIds);
  return rows.map((r) => toDto(r, names));
}

/** Which filters a search or export used: their names only, never the values (names typed are PHI). */
export function filtersUsed(query: Partial<Record<(typeof AUDIT_FILTER_NAMES)[number], unknown>>): string[] {
  return AUDIT_FILTER_NAMES.filter((name) => query[name] !== undefined);
}

function filtersOf(query: AuditQuery | AuditExportQuery, range: { from?: Date; to?: Date }): Omit<AuditFilters, 'limit'> {
  return {
    actorUserId: query.actor,
    patientId: query.patient,
    actorName: query.actorName,
    patientName: query.patientName,
    action: query.action,
    outcome: query.outcome,
    ...range,
  };
}

/**
 * Searches the audit trail, newest first. Reading it is itself audited ('audit.search'), with the
 * names of the filters used (never their values: a typed name must not end up in the trail or the logs).
 */
export async function searchAuditTrail(
  db: Db,
  ctx: ServiceContext,
  query: AuditQuery,
): Promise<{ items: AuditEventDto[]; nextCursor: string | null }> {
  assertAuditReviewer(ctx);
  const cursor = decodeCursor(query.cursor);
  if (cursor && (cursor.length !== 1 || typeof cursor[0] !== 'number'))
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  const range = auditTimeRange(query.from, query.to);
  return db.transaction(async (tx) => {
    const rows = await selectAuditEvents(tx, {
      ...filtersOf(query, range),
      beforeId: cursor?.[0] as number | undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'audit.search',
        resourceType: 'audit_trail',
        category: 'security',
        detail: { filters: filtersUsed(query), returned: page.length, page: cursor ? 'next' : 'first' },
      },
      ctx.now,
    );
    const last = page.at(-1);
    return { items: await withNames(tx, page), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
  });
}

/** The most rows one export carries; a longer period must be split. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
const EXPORT_BATCH = 500;

/** A spreadsheet must never run a cell as a formula: quote every cell, and defuse a leading = + - @ tab or CR. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const AUDIT_CSV_COLUMNS = [
  'occurred_at',
  'action',
  'action_label',
  'outcome',
  'severity',
  'actor_name',
  'actor_role',
  'actor_user_id',
  'patient_name',
  'patient_id',
  'resource_type',
  'resource_id',
  'ip',
  'request_id',
  'seq',
] as const;

/**
 * The CSV export of a period, newest first, at most AUDIT_EXPORT_MAX_ROWS rows. The export is
 * audited ('audit.export', filter names only) before the first row leaves; rows are read in
 * batches of 500 by keyset, so a long export never holds the event loop or the whole result.
 */
export async function exportAuditCsv(
  db: Db,
  ctx: ServiceContext,
  query: AuditExportQuery,
  labelOf: (action: string) => string,
): Promise<AsyncGenerator<string>> {
  assertAuditReviewer(ctx);
  const range = auditTimeRange(query.from, query.to);
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'audit.export',
      resourceType: 'audit_trail',
      category: 'security',
      detail: { filters: filtersUsed(query), format: 'csv', maxRows: AUDIT_EXPORT_MAX_ROWS },
    },
    ctx.now,
  );
  const filters = filtersOf(query, range);
  async function* rows(): AsyncGenerator<string> {
    yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
    let beforeId: number | undefined;
    let sent = 0;
    while (sent < AUDIT_EXPORT_MAX_ROWS) {
      const batch = await selectAuditEvents(db, { ...filters, beforeId, limit: Math.min(EXPORT_BATCH, AUDIT_EXPORT_MAX_ROWS - sent) });
      if (batch.length === 0) break;
      const items = await withNames(db, batch);
      yield items
        .map((e) =>
          [
            e.occurredAt,
            e.action,
            labelOf(e.action),
            e.outcome,
            e.severity,
            e.actorName,
            e.actorRole,
            e.actorUserId,
            e.patientName,
            e.patientId,
            e.resourceType,
            e.resourceId,
            e.ip,
            e.requestId,
            e.seq,
          ]
            .map(csvCell)
            .join(','),
        )
        .map((line) => `${line}\r\n`)
        .join('');
      sent += batch.length;
      beforeId = batch.at(-1)!.id;
      if (batch.length < EXPORT_BATCH) break;
    }
  }
  return rows();
}

/**
 * Seals every committed row into the hash chain, then walks the whole chain. Must get the root
 * handle: sealing runs its own transactions under an advisory lock.
 */
export async function sealAndVerifyAuditChain(db: Db): Promise<ChainVerificationDto> {
  const sealed = await sealAuditBacklog(db);
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
