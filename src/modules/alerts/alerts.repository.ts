import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users, type Role } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { departments, staffProfiles } from '../staff/index.js';
import { alertRecipients, alerts, type AlertChannel, type AlertAudienceKind, type AlertSeverity, type AlertType } from './alerts.tables.js';

export interface AudienceFilter {
  kind: AlertAudienceKind;
  departmentId?: string;
  role?: Role;
  /** Narrows any audience to these roles (the code blue resuscitation team). */
  roles?: readonly Role[];
}

/**
 * Every active staff account in the audience: not disabled, invitation accepted (a password set),
 * never a patient. Staff names come from the staff profile (department membership lives there).
 */
export async function selectAudienceMembers(db: Db, audience: AudienceFilter): Promise<{ userId: string; locale: string }[]> {
  const conditions: (SQL | undefined)[] = [isNull(users.disabledAt), isNotNull(users.passwordHash), ne(users.role, 'patient')];
  if (audience.kind === 'department') conditions.push(eq(staffProfiles.departmentId, audience.departmentId!));
  if (audience.kind === 'role') conditions.push(eq(users.role, audience.role!));
  if (audience.roles) conditions.push(inArray(users.role, [...audience.roles]));
  return db
    .select({ userId: users.id, locale: users.locale })
    .from(users)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, users.id))
    .where(and(...conditions))
    .orderBy(asc(users.id));
}

export async function departmentName(db: Db, departmentId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: departments.name }).from(departments).where(eq(departments.id, departmentId)).limit(1);
  return row?.name;
}

export interface NewAlert {
  type: AlertType;
  severity: AlertSeverity;
  message: string;
  location: string | null;
  audience: AlertAudienceKind;
  departmentId: string | null;
  audienceRole: Role | null;
  channels: AlertChannel[];
  sentBy: string;
}

export async function insertAlert(db: Db, values: NewAlert, now: Date): Promise<{ id: string }> {
  const [row] = await db
    .insert(alerts)
    .values({ ...values, createdAt: now })
    .returning({ id: alerts.id });
  return row!;
}

export async function insertRecipients(db: Db, alertId: string, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    await db.insert(alertRecipients).values(userIds.slice(i, i + 1000).map((userId) => ({ alertId, userId })));
  }
}

const sender = alias(users, 'sender');
const senderProfile = alias(staffProfiles, 'sender_profile');
const resolver = alias(users, 'resolver');
const resolverProfile = alias(staffProfiles, 'resolver_profile');

const personName = (profile: { givenName: AnyColumn; familyName: AnyColumn }, user: { id: AnyColumn; email: AnyColumn }) =>
  sql<
    string | null
  >`case when ${user.id} is null then null else coalesce(${profile.givenName} || ' ' || ${profile.familyName}, ${user.email}::text) end`;

export interface AlertRow {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  message: string;
  location: string | null;
  audience: AlertAudienceKind;
  departmentId: string | null;
  departmentName: string | null;
  audienceRole: Role | null;
  channels: AlertChannel[];
  sentBy: string;
  sentByName: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  recipientCount: number;
  acknowledgedCount: number;
  isRecipient: boolean;
  myAcknowledgedAt: Date | null;
  /** Full-precision sort key for the cursor (a JS Date would drop microseconds). */
  sortAt: string;
}

function alertColumns(viewerUserId: string) {
  return {
    id: alerts.id,
    type: alerts.type,
    severity: alerts.severity,
    message: alerts.message,
    location: alerts.location,
    audience: alerts.audience,
    departmentId: alerts.departmentId,
    departmentName: departments.name,
    audienceRole: alerts.audienceRole,
    channels: alerts.channels,
    sentBy: alerts.sentBy,
    sentByName: personName(senderProfile, sender),
    createdAt: alerts.createdAt,
    resolvedAt: alerts.resolvedAt,
    resolvedBy: alerts.resolvedBy,
    resolvedByName: personName(resolverProfile, resolver),
    recipientCount: sql<number>`(select count(*)::int from ${alertRecipients} r where r.alert_id = ${alerts.id})`,
    acknowledgedCount: sql<number>`(select count(*)::int from ${alertRecipients} r where r.alert_id = ${alerts.id} and r.acknowledged_at is not null)`,
    isRecipient: sql<boolean>`exists (select 1 from ${alertRecipients} r where r.alert_id = ${alerts.id} and r.user_id = ${viewerUserId})`,
    myAcknowledgedAt:
      sql<Date | null>`(select r.acknowledged_at from ${alertRecipients} r where r.alert_id = ${alerts.id} and r.user_id = ${viewerUserId})`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
    sortAt: sql<string>`${alerts.createdAt}::text`,
  };
}

function alertQuery(db: Db, viewerUserId: string) {
  return db
    .select(alertColumns(viewerUserId))
    .from(alerts)
    .innerJoin(sender, eq(sender.id, alerts.sentBy))
    .leftJoin(senderProfile, eq(senderProfile.userId, alerts.sentBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy))
    .leftJoin(resolverProfile, eq(resolverProfile.userId, alerts.resolvedBy))
    .leftJoin(departments, eq(departments.id, alerts.departmentId));
}

/** What a person who is not a broadcaster may see: alerts addressed to them, or sent by them. */
function visibleTo(userId: string): SQL {
  return sql`(${alerts.sentBy} = ${userId} or exists (select 1 from ${alertRecipients} r where r.alert_id = ${alerts.id} and r.user_id = ${userId}))`;
}

/** Newest first, keyset by (created_at, id). `restrictTo` limits the rows to one person's alerts. */
export async function selectAlerts(
  db: Db,
  filters: { viewerUserId: string; restrictTo?: string; status?: 'active' | 'resolved'; after?: [string, string]; limit: number },
): Promise<AlertRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.restrictTo) conditions.push(visibleTo(filters.restrictTo));
  if (filters.status === 'active') conditions.push(isNull(alerts.resolvedAt));
  if (filters.status === 'resolved') conditions.push(isNotNull(alerts.resolvedAt));
  if (filters.after)
    conditions.push(sql`(${alerts.createdAt}, ${alerts.id}) < (${filters.after[0]}::timestamptz, ${filters.after[1]}::uuid)`);
  return alertQuery(db, filters.viewerUserId)
    .where(and(...conditions))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(filters.limit);
}

export async function selectAlert(db: Db, id: string, viewerUserId: string): Promise<AlertRow | undefined> {
  const [row] = await alertQuery(db, viewerUserId).where(eq(alerts.id, id)).limit(1);
  return row;
}

export interface RecipientRow {
  userId: string;
  name: string;
  role: Role;
  department: string | null;
  acknowledgedAt: Date | null;
}

/** Everyone the alert was addressed to: acknowledged first (earliest first), then the rest by name. */
export async function selectRecipients(db: Db, alertId: string): Promise<RecipientRow[]> {
  return db
    .select({
      userId: alertRecipients.userId,
      name: sql<string>`coalesce(${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}, ${users.email}::text)`,
      role: users.role,
      department: departments.name,
      acknowledgedAt: alertRecipients.acknowledgedAt,
    })
    .from(alertRecipients)
    .innerJoin(users, eq(users.id, alertRecipients.userId))
    .leftJoin(staffProfiles, eq(staffProfiles.userId, users.id))
    .leftJoin(departments, eq(departments.id, staffProfiles.departmentId))
    .where(eq(alertRecipients.alertId, alertId))
    .orderBy(
      sql`${alertRecipients.acknowledgedAt} asc nulls last`,
      asc(staffProfiles.familyName),
      asc(staffProfiles.givenName),
      asc(users.id),
    );
}

/** Sets the acknowledgement once; returns the recipient row (undefined when not a recipient). */
export async function acknowledgeRecipient(
  db: Db,
  alertId: string,
  userId: string,
  now: Date,
): Promise<{ acknowledgedAt: Date; first: boolean } | undefined> {
  const updated = await db
    .update(alertRecipients)
    .set({ acknowledgedAt: now })
    .where(and(eq(alertRecipients.alertId, alertId), eq(alertRecipients.userId, userId), isNull(alertRecipients.acknowledgedAt)))
    .returning({ acknowledgedAt: alertRecipients.acknowledgedAt });
  if (updated[0]?.acknowledgedAt) return { acknowledgedAt: updated[0].acknowledgedAt, first: true };
  const [row] = await db
    .select({ acknowledgedAt: alertRecipients.acknowledgedAt })
    .from(alertRecipients)
    .where(and(eq(alertRecipients.alertId, alertId), eq(alertRecipients.userId, userId)));
  return row?.acknowledgedAt ? { acknowledgedAt: row.acknowledgedAt, first: false } : undefined;
}

export async function countAcknowledgements(db: Db, alertId: string): Promise<{ recipientCount: number; acknowledgedCount: number }> {
  const [row] = await db
    .select({
      recipientCount: sql<number>`count(*)::int`,
      acknowledgedCount: sql<number>`(count(*) filter (where ${alertRecipients.acknowledgedAt} is not null))::int`,
    })
    .from(alertRecipients)
    .where(eq(alertRecipients.alertId, alertId));
  return row ?? { recipientCount: 0, acknowledgedCount: 0 };
}

/** Marks the alert resolved; false when it already was. */
export async function markResolved(db: Db, alertId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(alerts)
    .set({ resolvedAt: now, resolvedBy: userId })
    .where(and(eq(alerts.id, alertId), isNull(alerts.resolvedAt)))
    .returning({ id: alerts.id });
  return rows.length === 1;
}

/** The person's unacknowledged alerts that are still in force, newest first. */
export async function selectActiveAlertsFor(db: Db, userId: string, limit = 20) {
  return db
    .select({ id: alerts.id, type: alerts.type, severity: alerts.severity, message: alerts.message, location: alerts.location })
    .from(alertRecipients)
    .innerJoin(alerts, eq(alerts.id, alertRecipients.alertId))
    .where(and(eq(alertRecipients.userId, userId), isNull(alertRecipients.acknowledgedAt), isNull(alerts.resolvedAt)))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
}
