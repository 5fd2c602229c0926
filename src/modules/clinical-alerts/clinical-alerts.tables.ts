import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import type {
  ClinicalAlertEventType,
  ClinicalAlertKind,
  ClinicalAlertSeverity,
  ClinicalAlertStatus,
} from './clinical-alerts.vocabulary.js';

/** An acknowledgeable clinical alert (a critical result, a NEWS2 response): one per source and kind. */
export const clinicalAlerts = pgTable(
  'clinical_alerts',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').$type<ClinicalAlertKind>().notNull(),
    severity: text('severity').$type<ClinicalAlertSeverity>().notNull(),
    status: text('status').$type<ClinicalAlertStatus>().notNull().default('open'),
    responsibleUserId: uuid('responsible_user_id')
      .notNull()
      .references(() => users.id),
    responsibleStaffId: uuid('responsible_staff_id').references(() => staffProfiles.id),
    /** What raised it, e.g. `lab_result` + its id: the caller's resource, not a foreign key. */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    /** Shown only inside the app (pages, banner, in-app notification); never in e-mail, SMS or push. */
    summary: text('summary').notNull(),
    escalationDelayMinutes: integer('escalation_delay_minutes').notNull(),
    /** The last escalation step reached (0: only the responsible clinician). */
    escalationStep: integer('escalation_step').notNull().default(0),
    /** When the next step is due; null once acknowledged or the chain is exhausted. */
    nextEscalationAt: instant('next_escalation_at'),
    raisedBy: uuid('raised_by').references(() => users.id),
    raisedAt: instant('raised_at').notNull(),
    acknowledgedAt: instant('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('clinical_alerts_source_key').on(t.kind, t.sourceType, t.sourceId),
    index('clinical_alerts_due_idx')
      .on(t.nextEscalationAt)
      .where(sql`${t.status} = 'open' and ${t.nextEscalationAt} is not null`),
    index('clinical_alerts_kind_raised_idx').on(t.raisedAt, t.kind),
    // A patient's unreviewed alerts (the remote-monitoring board).
    index('clinical_alerts_patient_open_idx')
      .on(t.patientId, t.raisedAt)
      .where(sql`${t.status} = 'open'`),
    check('clinical_alerts_kind_check', sql`${t.kind} in ('critical_result','news2_urgent','news2_emergency','remote_monitoring')`),
    check('clinical_alerts_severity_check', sql`${t.severity} in ('high','critical')`),
    check('clinical_alerts_status_check', sql`${t.status} in ('open','acknowledged')`),
    check(
      'clinical_alerts_ack_check',
      sql`(${t.status} = 'acknowledged') = (${t.acknowledgedAt} is not null and ${t.acknowledgedBy} is not null)`,
    ),
    check('clinical_alerts_delay_check', sql`${t.escalationDelayMinutes} between 1 and 1440`),
  ],
);

/** Everyone the alert has reached (the responsible clinician at step 0, then each escalation step). */
export const clinicalAlertRecipients = pgTable(
  'clinical_alert_recipients',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => clinicalAlerts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    step: integer('step').notNull(),
    addedAt: instant('added_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'clinical_alert_recipients_pkey', columns: [t.alertId, t.userId] }),
    index('clinical_alert_recipients_user_idx').on(t.userId, t.alertId),
  ],
);

/** The timeline: raised, notified, escalated, skipped, acknowledged — append-only. */
export const clinicalAlertEvents = pgTable(
  'clinical_alert_events',
  {
    id: id(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => clinicalAlerts.id),
    type: text('type').$type<ClinicalAlertEventType>().notNull(),
    step: integer('step'),
    /** Who was notified or escalated to, or who acknowledged. */
    userId: uuid('user_id').references(() => users.id),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: instant('at').notNull(),
  },
  (t) => [
    index('clinical_alert_events_alert_idx').on(t.alertId, t.at),
    check('clinical_alert_events_type_check', sql`${t.type} in ('raised','notified','escalated','skipped','acknowledged')`),
  ],
);
