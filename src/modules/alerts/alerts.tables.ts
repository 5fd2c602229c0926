import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users, type Role } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../platform/db/columns.js';
import { departments } from '../staff/index.js';

export const ALERT_TYPES = ['code_blue', 'code_red', 'evacuation', 'lockdown', 'weather', 'it_outage', 'other'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_AUDIENCES = ['everyone', 'department', 'role'] as const;
export type AlertAudienceKind = (typeof ALERT_AUDIENCES)[number];
/** In-app delivery (banner on every open page) is always on; these are the optional extra channels. */
export const ALERT_CHANNELS = ['email', 'sms', 'push'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/**
 * A hospital-wide alert as it was broadcast. Kept forever (history); resolving it ends the banners
 * but never deletes anything.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    type: text('type').$type<AlertType>().notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    message: text('message').notNull(),
    location: text('location'),
    audience: text('audience').$type<AlertAudienceKind>().notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    audienceRole: text('audience_role').$type<Role>(),
    /** External channels chosen by the sender; in-app is always on and not listed. */
    channels: text('channels')
      .array()
      .$type<AlertChannel[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    sentBy: uuid('sent_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    resolvedAt: instant('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
  },
  (t) => [
    index('alerts_created_idx').on(t.createdAt, t.id),
    check('alerts_type_check', sql`${t.type} in ('code_blue','code_red','evacuation','lockdown','weather','it_outage','other')`),
    check('alerts_severity_check', sql`${t.severity} in ('info','warning','critical')`),
    check(
      'alerts_audience_check',
      sql`(${t.audience} = 'everyone' and ${t.departmentId} is null and ${t.audienceRole} is null)
        or (${t.audience} = 'department' and ${t.departmentId} is not null and ${t.audienceRole} is null)
        or (${t.audience} = 'role' and ${t.audienceRole} is not null and ${t.departmentId} is null)`,
    ),
    check('alerts_channels_check', sql`${t.channels} <@ array['email','sms','push']::text[]`),
    check('alerts_resolved_check', sql`(${t.resolvedAt} is null) = (${t.resolvedBy} is null)`),
  ],
);

/**
 * Everyone the alert was addressed to, fixed at broadcast time, so "who has and has not
 * acknowledged" is exact even when people join or leave the audience later.
 */
export const alertRecipients = pgTable(
  'alert_recipients',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    acknowledgedAt: instant('acknowledged_at'),
  },
  (t) => [
    primaryKey({ name: 'alert_recipients_pkey', columns: [t.alertId, t.userId] }),
    index('alert_recipients_user_idx').on(t.userId, t.alertId),
  ],
);
