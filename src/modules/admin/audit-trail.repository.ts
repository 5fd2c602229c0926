import { and, desc, eq, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import type { Db } from '../../platform/db/database.js';
import { patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface AuditFilters {
  actorUserId?: string;
  patientId?: string;
  /** Part of the acting person's name: a staff profile or a patient with an account. */
  actorName?: string;
  /** Part of the patient's name. */
  patientName?: string;
  /** Exact action, or a prefix when it ends with `*` (`auth.*`). */
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
  from?: Date;
  /** Exclusive. */
  to?: Date;
  beforeId?: number;
  limit: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%part%` of "given family" (case-insensitive), for the name filters. */
function namePattern(part: string): string {
  return `%${escapeLike(part.toLowerCase().replace(/\s+/g, ' '))}%`;
}

function actorNameCondition(part: string): SQL {
  const pattern = namePattern(part);
  const staffIds = sql`select ${staffProfiles.userId} from ${staffProfiles} where lower(${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}) like ${pattern}`;
  const patientUserIds = sql`select ${patients.userId} from ${patients} where ${patients.userId} is not null and lower(${patients.givenName} || ' ' || ${patients.familyName}) like ${pattern}`;
  return sql`${auditEvents.actorUserId} in (${staffIds} union ${patientUserIds})`;
}

function patientNameCondition(part: string): SQL {
  const pattern = namePattern(part);
  return sql`${auditEvents.patientId} in (select ${patients.id} from ${patients} where lower(${patients.givenName} || ' ' || ${patients.familyName}) like ${pattern})`;
}

/** Newest first, keyset by id (the actor, patient and action indexes end in id). */
export async function selectAuditEvents(db: Db, filters: AuditFilters): Promise<AuditEventRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.actorUserId) conditions.push(eq(auditEvents.actorUserId, filters.actorUserId));
  if (filters.patientId) conditions.push(eq(auditEvents.patientId, filters.patientId));
  if (filters.actorName) conditions.push(actorNameCondition(filters.actorName));
  if (filters.patientName) conditions.push(patientNameCondition(filters.patientName));
  if (filters.action) {
    conditions.push(
      filters.action.endsWith('*')
        ? like(auditEvents.action, `${escapeLike(filters.action.slice(0, -1))}%`)
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

/** Display names for the actors (staff profiles, then patient accounts) and patients of a page of rows. */
export async function selectAuditNames(
  db: Db,
  userIds: string[],
  patientIds: string[],
): Promise<{ actors: Map<string, string>; patients: Map<string, string> }> {
  const actors = new Map<string, string>();
  const patientNames = new Map<string, string>();
  if (userIds.length > 0) {
    const staff = await db
      .select({ id: staffProfiles.userId, given: staffProfiles.givenName, family: staffProfiles.familyName })
      .from(staffProfiles)
      .where(inArray(staffProfiles.userId, userIds));
    for (const s of staff) actors.set(s.id, `${s.given} ${s.family}`);
  }
  const missingUsers = userIds.filter((id) => !actors.has(id));
  if (patientIds.length > 0 || missingUsers.length > 0) {
    const rows = await db
      .select({ id: patients.id, userId: patients.userId, given: patients.givenName, family: patients.familyName })
      .from(patients)
      .where(
        or(
          patientIds.length > 0 ? inArray(patients.id, patientIds) : undefined,
          missingUsers.length > 0 ? inArray(patients.userId, missingUsers) : undefined,
        ),
      );
    for (const p of rows) {
      const name = `${p.given} ${p.family}`;
      if (patientIds.includes(p.id)) patientNames.set(p.id, name);
      if (p.userId && missingUsers.includes(p.userId)) actors.set(p.userId, name);
    }
  }
  return { actors, patients: patientNames };
}
