import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';

export const NOTIFICATION_CATEGORIES = [
  'appointment',
  'medication',
  'lab_result',
  'billing',
  'message',
  'emergency',
  'security',
  'system',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];
export const EXTERNAL_CHANNELS = ['email', 'sms', 'push'] as const;
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];

const categoryCheck = (column: unknown) =>
  sql`${column} in ('appointment','medication','lab_result','billing','message','emergency','security','system')`;

/** The in-app notification centre: always written, immediately, whatever the person's preferences. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').$type<NotificationCategory>().notNull(),
    template: text('template').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A local path to the subject (never an absolute URL). */
    link: text('link'),
    /** Notifying twice for the same thing (same key) keeps the first. */
    dedupeKey: text('dedupe_key'),
    readAt: instant('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_user_dedupe_key')
      .on(t.userId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    check('notifications_category_check', categoryCheck(t.category)),
    check('notifications_link_check', sql`${t.link} is null or (${t.link} like '/%' and ${t.link} not like '//%')`),
  ],
);

/** External channels per category; a category without a row uses the defaults (preferences.ts). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').$type<NotificationCategory>().notNull(),
    channels: text('channels')
      .array()
      .$type<ExternalChannel[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'notification_preferences_pkey', columns: [t.userId, t.category] }),
    check('notification_preferences_category_check', categoryCheck(t.category)),
    check('notification_preferences_channels_check', sql`${t.channels} <@ array['email','sms','push']::text[]`),
  ],
);

/**
 * Quiet hours, one pair per person, as local wall time ('HH:MM') in the account's time zone
 * (users.time_zone). A window may cross midnight (22:00–07:00). Emergencies and security ignore it.
 */
export const notificationQuietHours = pgTable(
  'notification_quiet_hours',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'notification_quiet_hours_format_check',
      sql`${t.startsAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.endsAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.startsAt} <> ${t.endsAt}`,
    ),
  ],
);
