import { aliasedTable, and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import { CLINICAL_ROLES } from '../../platform/authz/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../platform/db/read-together.js';
import { careTeamMembers } from '../patients/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { clinicalAlertEvents, clinicalAlertRecipients, clinicalAlerts } from './clinical-alerts.tables.js';
import type { ClinicalAlertEventType, ClinicalAlertKind } from './clinical-alerts.vocabulary.js';

export type ClinicalAlertRow = typeof clinicalAlerts.$inferSelect;
export type NewClinicalAlert = Omit<typeof clinicalAlerts.$inferInsert, 'id' | 'status' | 'escalationStep'>;

/** Inserts the alert unless one of this kind already exists for the source; null then. */
export async function insertClinicalAlert(tx: Db, values: NewClinicalAlert): Promise<string | null> {
  const [row] = await tx.insert(clinicalAlerts).values(values).onConflictDoNothing().returning({ id: clinicalAlerts.id });
  return row?.id ?? null;
}

export async function selectAlertIdBySource(tx: Db, kind: string, sourceType: string, sourceId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: clinicalAlerts.id })
    .from(clinicalAlerts)
    .where(
      and(
        eq(clinicalAlerts.kind, kind as ClinicalAlertRow['kind']),
        eq(clinicalAlerts.sourceType, sourceType),
        eq(clinicalAlerts.sourceId, sourceId),
      ),
    );
  return row?.id ?? null;
}

export async function insertRecipients(tx: Db, alertId: string, userIds: readonly string[], step: number, now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insert(clinicalAlertRecipients)
    .values(userIds.map((userId) => ({ alertId, userId, step, addedAt: now })))
    .onConflictDoNothing();
}

export interface NewTimelineEvent {
  type: ClinicalAlertEventType;
  step?: number | null;
  userId?: string | null;
  detail?: Record<string, unknown>;
}

export async function insertEvents(tx: Db, alertId: string, rows: readonly NewTimelineEvent[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(clinicalAlertEvents)
    .values(rows.map((r) => ({ alertId, type: r.type, step: r.step ?? null, userId: r.userId ?? null, detail: r.detail ?? {}, at: now })));
}

/** The open alerts whose next escalation step is due, locked for this sweeper (others skip them). */
export async function claimDueAlerts(tx: Db, now: Date, limit: number): Promise<ClinicalAlertRow[]> {
  return tx
    .select()
    .from(clinicalAlerts)
    .where(and(eq(clinicalAlerts.status, 'open'), lte(clinicalAlerts.nextEscalationAt, now)))
    .orderBy(asc(clinicalAlerts.nextEscalationAt), asc(clinicalAlerts.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function lockAlert(tx: Db, alertId: string): Promise<ClinicalAlertRow | undefined> {
  const [row] = await tx.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, alertId)).for('update');
  return row;
}

export async function setEscalation(tx: Db, alertId: string, step: number, nextEscalationAt: Date | null): Promise<void> {
  await tx.update(clinicalAlerts).set({ escalationStep: step, nextEscalationAt }).where(eq(clinicalAlerts.id, alertId));
}

export async function markAcknowledged(tx: Db, alertId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(clinicalAlerts)
    .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: userId, nextEscalationAt: null })
    .where(and(eq(clinicalAlerts.id, alertId), eq(clinicalAlerts.status, 'open')))
    .returning({ id: clinicalAlerts.id });
  return rows.length > 0;
}

export async function isRecipient(db: Db, alertId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: clinicalAlertRecipients.userId })
    .from(clinicalAlertRecipients)
    .where(and(eq(clinicalAlertRecipients.alertId, alertId), eq(clinicalAlertRecipients.userId, userId)));
  return !!row;
}

/** Active clinical staff accounts, not yet on this alert. */
const reachable = (alertId: string): SQL =>
  and(
    isNull(users.disabledAt),
    inArray(users.role, CLINICAL_ROLES),
    sql`not exists (select 1 from ${clinicalAlertRecipients} where ${clinicalAlertRecipients.alertId} = ${alertId} and ${clinicalAlertRecipients.userId} = ${users.id})`,
  )!;

const activeMembershipAt = (now: Date) =>
  and(
    isNull(careTeamMembers.removedAt),
    lte(careTeamMembers.startsAt, now),
    or(isNull(careTeamMembers.endsAt), gt(careTeamMembers.endsAt, now)),
  );

/** Care-team members of the patient (active now) matching `who`, not yet reached. */
export async function selectCareTeamUsers(db: Db, alertId: string, patientId: string, who: 'doctors' | 'nurse_leads', now: Date) {
  const rows = await db
    .selectDistinct({ userId: users.id })
    .from(careTeamMembers)
    .innerJoin(staffProfiles, eq(staffProfiles.id, careTeamMembers.staffId))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(
      and(
        eq(careTeamMembers.patientId, patientId),
        activeMembershipAt(now),
        who === 'doctors' ? eq(users.role, 'doctor') : eq(users.nurseLead, true),
        reachable(alertId),
      ),
    )
    .orderBy(users.id);
  return rows.map((r) => r.userId);
}

/** Nurse leads of the responsible clinician's department, not yet reached. */
export async function selectDepartmentNurseLeads(db: Db, alertId: string, responsibleUserId: string) {
  const responsible = aliasedTable(staffProfiles, 'responsible');
  const rows = await db
    .selectDistinct({ userId: users.id })
    .from(responsible)
    .innerJoin(staffProfiles, and(eq(staffProfiles.departmentId, responsible.departmentId), ne(staffProfiles.userId, responsibleUserId)))
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(and(eq(responsible.userId, responsibleUserId), eq(users.nurseLead, true), reachable(alertId)))
    .orderBy(users.id);
  return rows.map((r) => r.userId);
}

/** The configured fallback: staff of a role, or of a department (by code); clinical roles only. */
export async function selectFallbackUsers(db: Db, alertId: string, fallback: { kind: 'role' | 'department'; value: string }) {
  const base = db.selectDistinct({ userId: users.id }).from(staffProfiles).innerJoin(users, eq(users.id, staffProfiles.userId));
  const rows =
    fallback.kind === 'role'
      ? await base.where(and(eq(users.role, fallback.value as (typeof CLINICAL_ROLES)[number]), reachable(alertId))).orderBy(users.id)
      : await base
          .innerJoin(departments, eq(departments.id, staffProfiles.departmentId))
          .where(and(eq(departments.code, fallback.value), reachable(alertId)))
          .orderBy(users.id);
  return rows.map((r) => r.userId);
}

/** The alerts that reached this person, open ones first, newest first within each. */
export function selectMyAlerts(db: Db, userId: string, limit: number) {
  return db
    .select({
      id: clinicalAlerts.id,
      patientId: clinicalAlerts.patientId,
      kind: clinicalAlerts.kind,
      severity: clinicalAlerts.severity,
      status: clinicalAlerts.status,
      summary: clinicalAlerts.summary,
      raisedAt: clinicalAlerts.raisedAt,
      acknowledgedAt: clinicalAlerts.acknowledgedAt,
      escalationStep: clinicalAlerts.escalationStep,
      myStep: clinicalAlertRecipients.step,
    })
    .from(clinicalAlertRecipients)
    .innerJoin(clinicalAlerts, eq(clinicalAlerts.id, clinicalAlertRecipients.alertId))
    .where(eq(clinicalAlertRecipients.userId, userId))
    .orderBy(sql`${clinicalAlerts.status} = 'open' desc`, desc(clinicalAlerts.raisedAt), desc(clinicalAlerts.id))
    .limit(limit);
}

export type MyAlertRow = Awaited<ReturnType<typeof selectMyAlerts>>[number];

export function countMyOpenAlerts(db: Db, userId: string | Placeholder): DeferredRead<number> {
  return deferRead(
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(clinicalAlertRecipients)
      .innerJoin(clinicalAlerts, eq(clinicalAlerts.id, clinicalAlertRecipients.alertId))
      .where(and(eq(clinicalAlertRecipients.userId, userId), eq(clinicalAlerts.status, 'open'))),
    ([row]) => Number(row?.n ?? 0),
  );
}

/** The alert if this person is on its chain (else nothing: 404, never 403). */
export async function selectAlertForRecipient(db: Db, alertId: string, userId: string): Promise<ClinicalAlertRow | undefined> {
  const [row] = await db
    .select({ alert: clinicalAlerts })
    .from(clinicalAlerts)
    .innerJoin(
      clinicalAlertRecipients,
      and(eq(clinicalAlertRecipients.alertId, clinicalAlerts.id), eq(clinicalAlertRecipients.userId, userId)),
    )
    .where(eq(clinicalAlerts.id, alertId));
  return row?.alert;
}

/** The timeline with each person's name. */
export function selectTimeline(db: Db, alertId: string) {
  return db
    .select({
      type: clinicalAlertEvents.type,
      step: clinicalAlertEvents.step,
      userId: clinicalAlertEvents.userId,
      givenName: staffProfiles.givenName,
      familyName: staffProfiles.familyName,
      detail: clinicalAlertEvents.detail,
      at: clinicalAlertEvents.at,
    })
    .from(clinicalAlertEvents)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, clinicalAlertEvents.userId))
    .where(eq(clinicalAlertEvents.alertId, alertId))
    .orderBy(
      asc(clinicalAlertEvents.at),
      asc(sql`array_position(array['raised','skipped','escalated','notified','acknowledged'], ${clinicalAlertEvents.type})`),
      asc(clinicalAlertEvents.id),
    );
}

export type TimelineRow = Awaited<ReturnType<typeof selectTimeline>>[number];

/** Alerts raised in [from, to): for the time-to-acknowledge report (no patient data). */
export function selectRaisedBetween(db: Db, from: Date, to: Date, limit: number) {
  return db
    .select({
      id: clinicalAlerts.id,
      kind: clinicalAlerts.kind,
      severity: clinicalAlerts.severity,
      raisedAt: clinicalAlerts.raisedAt,
      acknowledgedAt: clinicalAlerts.acknowledgedAt,
      escalationStep: clinicalAlerts.escalationStep,
    })
    .from(clinicalAlerts)
    .where(and(gte(clinicalAlerts.raisedAt, from), lt(clinicalAlerts.raisedAt, to)))
    .orderBy(asc(clinicalAlerts.raisedAt), asc(clinicalAlerts.id))
    .limit(limit);
}

export type RaisedRow = Awaited<ReturnType<typeof selectRaisedBetween>>[number];

/** Each person's language (banners are rendered per reader). */
export async function selectLocales(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(inArray(users.id, [...userIds]));
  return new Map(rows.map((r) => [r.id, r.locale]));
}

/** The responsible clinician, by staff profile or account id: an active clinical account with a profile. */
export async function selectResponsible(db: Db, by: { staffId?: string; userId?: string }) {
  const [row] = await db
    .select({ userId: users.id, staffId: staffProfiles.id, role: users.role, disabledAt: users.disabledAt })
    .from(staffProfiles)
    .innerJoin(users, eq(users.id, staffProfiles.userId))
    .where(by.staffId ? eq(staffProfiles.id, by.staffId) : eq(users.id, by.userId!));
  return row;
}

/** Per kind over [from, to): counts and, of the acknowledged ones, median, p90 and max seconds. */
export function selectTimeToAcknowledge(db: Db, from: Date, to: Date) {
  const seconds = sql`extract(epoch from (${clinicalAlerts.acknowledgedAt} - ${clinicalAlerts.raisedAt}))`;
  return db
    .select({
      kind: clinicalAlerts.kind,
      raised: sql<number>`count(*)::int`,
      acknowledged: sql<number>`count(${clinicalAlerts.acknowledgedAt})::int`,
      medianSeconds: sql<number | null>`(percentile_cont(0.5) within group (order by ${seconds}))::float8`,
      p90Seconds: sql<number | null>`(percentile_cont(0.9) within group (order by ${seconds}))::float8`,
      maxSeconds: sql<number | null>`(max(${seconds}))::float8`,
    })
    .from(clinicalAlerts)
    .where(and(gte(clinicalAlerts.raisedAt, from), lt(clinicalAlerts.raisedAt, to)))
    .groupBy(clinicalAlerts.kind)
    .orderBy(clinicalAlerts.kind);
}

export async function selectRecipientIds(db: Db, alertId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: clinicalAlertRecipients.userId })
    .from(clinicalAlertRecipients)
    .where(eq(clinicalAlertRecipients.alertId, alertId));
  return rows.map((r) => r.userId);
}

/**
 * The open alerts of the listed patients (a `uuid[]` placeholder), of one kind or all, oldest first
 * (a board's "unreviewed" column). For each patient a LATERAL read of
 * clinical_alerts_patient_open_idx: the planner cannot count an array placeholder's ids, and with
 * `patient_id = any(…)` ordered by time it could choose to walk the time index whole
 * (id-lists.ts); per patient it cannot. For a statement built once: `kind` is fixed by its caller.
 */
export function openAlertsOfPatientsQuery(db: Db, patientIds: Placeholder, viewerId: Placeholder, kind?: ClinicalAlertKind) {
  const listed = db
    .select({ patientId: sql<string>`p.patient_id`.as('listed_patient_id') })
    .from(sql`unnest(${patientIds}::uuid[]) as p(patient_id)`)
    .as('listed');
  const open = db
    .select({
      id: clinicalAlerts.id,
      patientId: clinicalAlerts.patientId,
      kind: clinicalAlerts.kind,
      severity: clinicalAlerts.severity,
      summary: clinicalAlerts.summary,
      raisedAt: clinicalAlerts.raisedAt,
      // Whether the viewer is on the alert's chain (clinical_alert_recipients_pkey): only they may open it.
      onViewersChain:
        sql<boolean>`exists (select 1 from ${clinicalAlertRecipients} where ${clinicalAlertRecipients.alertId} = ${clinicalAlerts.id} and ${clinicalAlertRecipients.userId} = ${viewerId}::uuid)`.as(
          'on_viewers_chain',
        ),
    })
    .from(clinicalAlerts)
    .where(
      and(
        eq(clinicalAlerts.patientId, listed.patientId),
        eq(clinicalAlerts.status, 'open'),
        kind === undefined ? undefined : eq(clinicalAlerts.kind, kind),
      ),
    )
    .orderBy(asc(clinicalAlerts.raisedAt), asc(clinicalAlerts.id))
    .limit(1000)
    .as('open');
  return db
    .select({
      id: open.id,
      patientId: open.patientId,
      kind: open.kind,
      severity: open.severity,
      summary: open.summary,
      raisedAt: open.raisedAt,
      onViewersChain: open.onViewersChain,
    })
    .from(listed)
    .crossJoinLateral(open)
    .orderBy(asc(open.raisedAt), asc(open.id))
    .limit(1000);
}
