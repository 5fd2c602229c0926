import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, inet, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. Rows are inserted inside the transaction of the work they describe
 * without a hash; a sealer then chains them in order (seq, prev_hash, hash) outside any request,
 * so the chain costs no lock on the request path. A trigger forbids deletes and any update other
 * than sealing.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    actorApiKeyId: uuid('actor_api_key_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    patientId: uuid('patient_id'),
    category: text('category'),
    outcome: text('outcome').$type<'success' | 'denied' | 'failure'>().notNull(),
    severity: text('severity').$type<'low' | 'medium' | 'high'>().notNull().default('low'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_patient_idx').on(t.patientId, t.id),
    index('audit_events_actor_idx').on(t.actorUserId, t.id),
    index('audit_events_action_idx').on(t.action, t.id),
    index('audit_events_occurred_idx').on(t.occurredAt),
    // A clinician's last look at each chart (the doctor's "new documents since you last looked"):
    // one probe per patient instead of a walk through every row the clinician wrote.
    index('audit_events_last_chart_read_idx')
      .on(t.actorUserId, t.patientId, t.occurredAt)
      .where(sql`action = 'chart.read' and outcome = 'success'`),
    index('audit_events_unsealed_idx')
      .on(t.id)
      .where(sql`hash is null`),
  ],
);
