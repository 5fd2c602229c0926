import { and, desc, eq, like, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { Db } from '../../platform/db/database.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface AuditFilters {
  actorUserId?: string;
  patientId?: string;
  /** Exact action, or a prefix when it ends with `*` (`auth.*`). */
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
  from?: Date;
  /** Exclusive. */
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** Newest first, keyset by id (the actor, patient and action indexes end in id). */
export async function selectAuditEvents(db: Db, filters: AuditFilters): Promise<AuditEventRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.actorUserId) conditions.push(eq(auditEvents.actorUserId, filters.actorUserId));
  if (filters.patientId) conditions.push(eq(auditEvents.patientId, filters.patientId));
  if (filters.action) {
    conditions.push(
      filters.action.endsWith('*')
        ? like(auditEvents.action, `${filters.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        : eq(auditEvents.action, filters.action),
    );
  }
  if (filters.outcome) conditions.push(eq(auditEvents.outcome, filters.outcome));
  if (filters.from) conditions.push(sql`${auditEvents.occurredAt} >= ${filters.from}`);
  if (filters.to) conditions.push(sql`${auditEvents.occurredAt} < ${filters.to}`);
  if (filters.beforeId !== undefined) conditions.push(lt(auditEvents.id, filters.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(filters.limit);
}
