import { effectiveTimeZone } from '../time/zoned-time.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessions, users, type Role, type SessionKind } from './auth.tables.js';

export interface SessionWithUser {
  sessionId: string;
  kind: SessionKind;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userId: string;
  email: string;
  role: Role;
  nurseLead: boolean;
  privacyOfficer: boolean;
  dispatcher: boolean;
  locale: string;
  timeZone: string;
  disabledAt: Date | null;
  isDemo: boolean;
  mfaEnrolled: boolean;
  patientId: string | null;
  staffId: string | null;
}

/**
 * The hot path of every authenticated request: one query for the session, the account and the
 * account's patient and staff ids. (The two ids are read from the patients and staff tables by
 * name: identity is the one place allowed to know how accounts link to them.) A named prepared
 * statement: drizzle builds the SQL once per handle, and PostgreSQL parses and plans it once per
 * connection instead of on every request.
 */
function buildLiveSessionQuery(db: Db) {
  return db
    .select({
      sessionId: sessions.id,
      kind: sessions.kind,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      role: users.role,
      nurseLead: users.nurseLead,
      privacyOfficer: users.privacyOfficer,
      dispatcher: users.dispatcher,
      locale: users.locale,
      timeZone: users.timeZone,
      disabledAt: users.disabledAt,
      isDemo: users.isDemo,
      mfaEnrolled: sql<boolean>`(${users.totpSecretSealed} is not null or exists (select 1 from passkeys p where p.user_id = ${users.id}))`,
      patientId: sql<string | null>`(select p.id from patients p where p.user_id = ${users.id})`,
      staffId: sql<string | null>`(select s.id from staff_profiles s where s.user_id = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt)))
    .limit(1)
    .prepare('carewell_live_session');
}
const liveSessionQueries = new WeakMap<Db, ReturnType<typeof buildLiveSessionQuery>>();

export async function findLiveSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  let query = liveSessionQueries.get(db);
  if (!query) liveSessionQueries.set(db, (query = buildLiveSessionQuery(db)));
  const rows = await query.execute({ tokenHash });
  const row = rows[0];
  return row && { ...row, timeZone: effectiveTimeZone(row.timeZone) };
}

export async function insertSession(
  db: Db,
  values: { userId: string; tokenHash: string; kind: SessionKind; expiresAt: Date; ip: string | null; userAgent: string | null; now: Date },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(sessions)
    .values({ ...values, createdAt: values.now, lastSeenAt: values.now, userAgent: values.userAgent?.slice(0, 300) ?? null })
    .returning({ id: sessions.id });
  return row!;
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptSessionId?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined),
    );
}

export async function listUserSessions(db: Db, userId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        sql`${sessions.expiresAt} > ${now}`,
        sql`${sessions.kind} in ('browser','api')`,
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}
