import { asc, isNull, isNotNull, desc, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { auditEvents } from './audit.tables.js';

type AuditRow = typeof auditEvents.$inferSelect;

const GENESIS = '0'.repeat(64);
/** One arbitrary constant: whoever seals takes this advisory lock so two sealers never interleave. */
const SEAL_LOCK_KEY = 727_001;

/** The hashed content of a row: everything but the chain fields, in a fixed order. */
export function canonicalAuditContent(row: AuditRow): string {
  return JSON.stringify([
    row.id,
    new Date(row.occurredAt).toISOString(),
    row.actorUserId,
    row.actorRole,
    row.actorApiKeyId,
    row.action,
    row.resourceType,
    row.resourceId,
    row.patientId,
    row.category,
    row.outcome,
    row.severity,
    row.ip,
    row.userAgent,
    row.requestId,
    sortKeys(row.detail),
  ]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function chainHash(prevHash: string, row: AuditRow): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalAuditContent(row)).digest('hex');
}

/**
 * Seals committed, unsealed rows into the chain in id order. Runs in its own short transaction
 * under an advisory lock, off the request path; returns how many rows it sealed.
 */
export async function sealAuditChain(db: Db, batchSize = 500): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK_KEY})`);
    const pending = await tx.select().from(auditEvents).where(isNull(auditEvents.hash)).orderBy(asc(auditEvents.id)).limit(batchSize);
    if (pending.length === 0) return 0;
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.seq))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS;
    const sealed: { id: number; seq: number; prev_hash: string; hash: string }[] = [];
    for (const row of pending) {
      seq += 1;
      const hash = chainHash(prevHash, row);
      sealed.push({ id: row.id, seq, prev_hash: prevHash, hash });
      prevHash = hash;
    }
    // One statement for the batch, not one per row: under a busy day's audit volume a round trip
    // per row was most of the database work the sealer caused (issue 11).
    await tx.execute(sql`
      update audit_events a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as v(id bigint, seq bigint, prev_hash text, hash text)
      where a.id = v.id`);
    return pending.length;
  });
}

/**
 * Seals batch after batch until the rows committed so far are sealed or `maxBatches` batches ran
 * (each its own short transaction). One batch a tick capped sealing at 500 rows every two seconds,
 * 250 a second: a busy morning's reads write more audit rows than that, and the unsealed backlog
 * then only grew (issue 11's bench left 205,365 rows unsealed). Returns how many rows it sealed.
 */
export async function sealAuditBacklog(db: Db, { batchSize = 500, maxBatches = Infinity } = {}): Promise<number> {
  let sealed = 0;
  for (let batches = 0; batches < maxBatches; batches++) {
    const batch = await sealAuditChain(db, batchSize);
    sealed += batch;
    if (batch < batchSize) break;
  }
  return sealed;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { seq: number; id: number; reason: string };
}

/** Walks the chain in seq order and reports the first link whose hash does not follow. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainVerification> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const row of rows) {
      const broken = (reason: string): ChainVerification => ({
        ok: false,
        checked,
        unsealed: 0,
        firstBroken: { seq: row.seq ?? expectedSeq, id: row.id, reason },
      });
      if (row.seq !== expectedSeq) return broken(`sequence gap: expected ${expectedSeq}, found ${row.seq}`);
      if (row.prevHash !== prevHash) return broken('prev_hash does not match the previous row');
      if (row.hash !== chainHash(prevHash, row)) return broken('content does not match its hash');
      prevHash = row.hash!;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const [{ count }] = (await db
    .select({ count: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(isNull(auditEvents.hash))) as [{ count: number }];
  return { ok: true, checked, unsealed: count };
}
