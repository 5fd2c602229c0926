import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { careTeamMembers, patients } from '../patients/index.js';
import { staffProfiles } from '../staff/index.js';
import { deviceReadings, devices, monitoringEnrolments } from './devices.tables.js';
import type { DeviceKind, MonitoringProgramme } from './devices.vocabulary.js';

/** SQL only (ARCHITECTURE.md): devices, their readings ledger, and remote-monitoring enrolments. */

const deviceColumns = {
  id: devices.id,
  patientId: devices.patientId,
  kind: devices.kind,
  label: devices.label,
  apiKeyId: devices.apiKeyId,
  credentialPrefix: apiKeys.prefix,
  createdAt: devices.createdAt,
  lastReadingAt: devices.lastReadingAt,
  revokedAt: devices.revokedAt,
  /** Who registered it, for the staff page: a staff member's name; null when the patient did (no staff profile). */
  registeredByName: sql<string | null>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`,
};
export interface DeviceRow {
  id: string;
  patientId: string;
  kind: DeviceKind;
  label: string;
  apiKeyId: string;
  credentialPrefix: string;
  createdAt: Date;
  lastReadingAt: Date | null;
  revokedAt: Date | null;
  registeredByName: string | null;
}

export async function insertDeviceKey(tx: Db, values: { name: string; keyHash: string; prefix: string; createdBy: string }, now: Date) {
  const [row] = await tx
    .insert(apiKeys)
    .values({ ...values, scopes: ['devices:write'], createdAt: now })
    .returning({ id: apiKeys.id });
  return row!.id;
}

export async function insertDevice(tx: Db, values: typeof devices.$inferInsert): Promise<string> {
  const [row] = await tx.insert(devices).values(values).returning({ id: devices.id });
  return row!.id;
}

export async function selectDevice(db: Db, id: string): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select(deviceColumns)
    .from(devices)
    .innerJoin(apiKeys, eq(apiKeys.id, devices.apiKeyId))
    .leftJoin(staffProfiles, eq(staffProfiles.userId, devices.registeredBy))
    .where(eq(devices.id, id));
  return row;
}

/** A patient's devices, newest first (a patient has a handful). */
/** Not run until awaited (a view reads it with its audit row in one statement). */
export function selectPatientDevices(db: Db, audited: AuditedAccess) {
  return db
    .select(deviceColumns)
    .from(devices)
    .innerJoin(apiKeys, eq(apiKeys.id, devices.apiKeyId))
    .leftJoin(staffProfiles, eq(staffProfiles.userId, devices.registeredBy))
    .where(eq(devices.patientId, audited.patientId))
    .orderBy(desc(devices.createdAt), desc(devices.id))
    .limit(100);
}

/** Revokes the device and its key in the caller's transaction; the key's trigger drops cached copies at once. */
export async function markDeviceRevoked(tx: Db, device: { id: string; apiKeyId: string }, now: Date): Promise<boolean> {
  const rows = await tx
    .update(devices)
    .set({ revokedAt: now })
    .where(and(eq(devices.id, device.id), isNull(devices.revokedAt)))
    .returning({ id: devices.id });
  await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, device.apiKeyId), isNull(apiKeys.revokedAt)));
  return rows.length === 1;
}

/** The live device a credential belongs to (every ingestion request; unique index on api_key_id). */
export async function selectLiveDeviceByKey(db: Db, apiKeyId: string) {
  const [row] = await db
    .select({ id: devices.id, patientId: devices.patientId, registeredBy: devices.registeredBy, kind: devices.kind })
    .from(devices)
    .where(and(eq(devices.apiKeyId, apiKeyId), isNull(devices.revokedAt)));
  return row;
}

/**
 * Claims readings in the ledger; the unique (device, code, time) index drops those already sent.
 * Returns the observation ids claimed, whose observations the caller then writes in the same
 * transaction (the ledger's key to observations is checked at commit).
 */
export async function claimDeviceReadings(
  tx: Db,
  deviceId: string,
  items: { code: string; effectiveAt: Date; observationId: string }[],
  now: Date,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await tx
    .insert(deviceReadings)
    .values(items.map((i) => ({ ...i, deviceId, createdAt: now })))
    .onConflictDoNothing()
    .returning({ observationId: deviceReadings.observationId });
  return new Set(rows.map((r) => r.observationId));
}

export async function touchDevice(tx: Db, deviceId: string, latest: Date): Promise<void> {
  await tx
    .update(devices)
    .set({ lastReadingAt: sql`greatest(${devices.lastReadingAt}, ${latest.toISOString()}::timestamptz)` })
    .where(eq(devices.id, deviceId));
}

export type EnrolmentRow = typeof monitoringEnrolments.$inferSelect;

export async function insertEnrolment(tx: Db, values: typeof monitoringEnrolments.$inferInsert): Promise<EnrolmentRow | undefined> {
  const [row] = await tx.insert(monitoringEnrolments).values(values).onConflictDoNothing().returning();
  return row;
}

export async function selectActiveEnrolments(db: Db, audited: AuditedAccess): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(monitoringEnrolments)
    .where(and(eq(monitoringEnrolments.patientId, audited.patientId), isNull(monitoringEnrolments.endedAt)));
}

/** A patient's enrolments, active and ended, newest first, with the responsible clinician's name (the staff page). */
export function selectPatientEnrolments(db: Db, audited: AuditedAccess) {
  return db
    .select({
      enrolment: monitoringEnrolments,
      responsibleName: sql<string | null>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`,
    })
    .from(monitoringEnrolments)
    .leftJoin(staffProfiles, eq(staffProfiles.userId, monitoringEnrolments.responsibleUserId))
    .where(eq(monitoringEnrolments.patientId, audited.patientId))
    .orderBy(desc(monitoringEnrolments.enrolledAt), desc(monitoringEnrolments.id))
    .limit(100);
}

export async function selectEnrolment(db: Db, id: string): Promise<EnrolmentRow | undefined> {
  const [row] = await db.select().from(monitoringEnrolments).where(eq(monitoringEnrolments.id, id));
  return row;
}

export async function endEnrolment(tx: Db, id: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(monitoringEnrolments)
    .set({ endedAt: now })
    .where(and(eq(monitoringEnrolments.id, id), isNull(monitoringEnrolments.endedAt)))
    .returning({ id: monitoringEnrolments.id });
  return rows.length === 1;
}

/** After a batch: the new streak, the newest reading time, and the no-readings flag cleared. */
export async function updateEnrolmentAfterReadings(tx: Db, id: string, streak: number, latest: Date): Promise<void> {
  await tx
    .update(monitoringEnrolments)
    .set({
      outOfRangeStreak: streak,
      lastReadingAt: sql`greatest(${monitoringEnrolments.lastReadingAt}, ${latest.toISOString()}::timestamptz)`,
      silentSince: null,
    })
    .where(eq(monitoringEnrolments.id, id));
}

/**
 * Flags, in one statement, every active enrolment with no reading (or none since enrolment) for its
 * number of days before `now` and not flagged yet. Returns those flagged now.
 */
export async function flagSilentEnrolments(db: Db, now: Date) {
  const at = now.toISOString();
  return db
    .update(monitoringEnrolments)
    .set({ silentSince: now })
    .where(
      and(
        isNull(monitoringEnrolments.endedAt),
        isNull(monitoringEnrolments.silentSince),
        sql`coalesce(${monitoringEnrolments.lastReadingAt}, ${monitoringEnrolments.enrolledAt}) <= ${at}::timestamptz - make_interval(days => ${monitoringEnrolments.silentAfterDays})`,
      ),
    )
    .returning({
      id: monitoringEnrolments.id,
      patientId: monitoringEnrolments.patientId,
      responsibleUserId: monitoringEnrolments.responsibleUserId,
    });
}

/**
 * The board's rows: active enrolments of the patients on the viewer's care team, or for whom the
 * viewer is the responsible clinician. One statement; at most 500 rows (a board, not an archive).
 */
export async function selectBoardEnrolments(db: Db, viewer: { userId: string; staffId: string | null }, now: Date) {
  // The viewer's patients as one array (`union all`: a sorted union would walk the patient index whole):
  // those they are responsible for, and their care-team patients.
  // The enrolments are then read by patient through the active-enrolment index (an OR of the two
  // conditions would read the whole table).
  const responsibleFor = sql`select ${monitoringEnrolments.patientId} from ${monitoringEnrolments}
    where ${monitoringEnrolments.responsibleUserId} = ${viewer.userId} and ${monitoringEnrolments.endedAt} is null`;
  const onTeam = viewer.staffId
    ? sql` union all select ${careTeamMembers.patientId} from ${careTeamMembers}
        where ${careTeamMembers.staffId} = ${viewer.staffId} and ${careTeamMembers.removedAt} is null
          and ${careTeamMembers.startsAt} <= ${now.toISOString()}::timestamptz
          and (${careTeamMembers.endsAt} is null or ${careTeamMembers.endsAt} > ${now.toISOString()}::timestamptz)`
    : sql``;
  return db
    .select({
      enrolment: monitoringEnrolments,
      patient: { id: patients.id, givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn },
    })
    .from(monitoringEnrolments)
    .innerJoin(patients, eq(patients.id, monitoringEnrolments.patientId))
    .where(and(isNull(monitoringEnrolments.endedAt), sql`${monitoringEnrolments.patientId} = any(array(${responsibleFor}${onTeam}))`))
    .orderBy(desc(monitoringEnrolments.outOfRangeStreak), asc(patients.familyName), asc(patients.givenName), asc(monitoringEnrolments.id))
    .limit(500);
}

export const programmeOf = (row: EnrolmentRow): MonitoringProgramme => row.programme;
