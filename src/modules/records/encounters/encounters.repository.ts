import { and, desc, eq, lt, or, sql, type Placeholder } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { isAnyId } from '../../../platform/db/id-lists.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { staffProfiles } from '../../staff/index.js';
import { encounters, encounterSummaries } from './encounters.tables.js';
import type { PatientOwner } from '../../patients/index.js';

/** SQL for encounters and shared summaries. Reads of patient data require the AuditedAccess proof. */

export type EncounterRow = typeof encounters.$inferSelect;
export type EncounterWithClinician = EncounterRow & { clinicianName: string; hasSummary: boolean };

const clinicianName = sql<string>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`;
const hasSummary = sql<boolean>`exists (select 1 from ${encounterSummaries} where ${encounterSummaries.encounterId} = ${encounters.id})`;

/** Where an encounter names its patient (the access decision reads it with its facts: `readOwnedAccessFacts`). */
export const encounterOwner: PatientOwner = { table: encounters, id: encounters.id, patientId: encounters.patientId };

/** Only the patient id of an encounter (another record's link to it is checked against it). */
export async function findEncounterPatientId(db: Db, encounterId: string): Promise<string | undefined> {
  const [row] = await db.select({ patientId: encounters.patientId }).from(encounters).where(eq(encounters.id, encounterId));
  return row?.patientId;
}

export async function findEncounter(db: Db, access: AuditedAccess, encounterId: string): Promise<EncounterWithClinician | undefined> {
  const [row] = await selectEncounter(db, access, encounterId);
  return row ? withClinician(row) : undefined;
}

/** The query of `findEncounter`, not run yet (its row goes through `withClinician`). */
export function selectEncounter(db: Db, access: AuditedAccess, encounterId: string | Placeholder) {
  return db
    .select({ encounter: encounters, clinicianName, hasSummary })
    .from(encounters)
    .innerJoin(staffProfiles, eq(staffProfiles.id, encounters.clinicianId))
    .where(and(eq(encounters.id, encounterId), eq(encounters.patientId, access.patientId)));
}

export async function listEncounters(
  db: Db,
  access: AuditedAccess,
  options: { limit: number; after?: { createdAt: Date; id: string } },
): Promise<EncounterWithClinician[]> {
  return (await selectEncounters(db, access, options)).map(withClinician);
}

type EncounterSelection = { encounter: EncounterRow; clinicianName: string; hasSummary: boolean };
export const withClinician = (r: EncounterSelection): EncounterWithClinician => ({
  ...r.encounter,
  clinicianName: r.clinicianName,
  hasSummary: r.hasSummary,
});

/** The query of `listEncounters`, not run yet (a view may read it with its other sections). */
export function selectEncounters(db: Db, access: AuditedAccess, options: { limit: number; after?: { createdAt: Date; id: string } }) {
  const { after } = options;
  return db
    .select({ encounter: encounters, clinicianName, hasSummary })
    .from(encounters)
    .innerJoin(staffProfiles, eq(staffProfiles.id, encounters.clinicianId))
    .where(
      and(
        eq(encounters.patientId, access.patientId),
        after
          ? or(lt(encounters.createdAt, after.createdAt), and(eq(encounters.createdAt, after.createdAt), lt(encounters.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(encounters.createdAt), desc(encounters.id))
    .limit(options.limit);
}

export async function insertEncounter(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof encounters.$inferInsert, 'patientId' | 'id'>,
): Promise<EncounterRow> {
  const [row] = await db
    .insert(encounters)
    .values({ ...values, patientId: access.patientId })
    .returning();
  return row!;
}

export async function updateEncounterStatus(
  db: Db,
  access: AuditedAccess,
  encounterId: string,
  changes: Pick<typeof encounters.$inferInsert, 'status' | 'endedAt'>,
  now: Date,
) {
  const [row] = await db
    .update(encounters)
    .set({ ...changes, updatedAt: now, version: sql`${encounters.version} + 1` })
    .where(and(eq(encounters.id, encounterId), eq(encounters.patientId, access.patientId)))
    .returning();
  return row;
}

export async function findEncounterByAppointment(db: Db, appointmentId: string): Promise<{ id: string } | undefined> {
  const [row] = await db.select({ id: encounters.id }).from(encounters).where(eq(encounters.appointmentId, appointmentId));
  return row;
}

// --- shared summaries --------------------------------------------------------------------------
const sharerName = clinicianName;

export async function insertSummary(
  db: Db,
  access: AuditedAccess,
  values: Omit<typeof encounterSummaries.$inferInsert, 'patientId' | 'id'>,
) {
  const [row] = await db
    .insert(encounterSummaries)
    .values({ ...values, patientId: access.patientId })
    .onConflictDoNothing()
    .returning();
  return row;
}

export function listSummaries(db: Db, access: AuditedAccess) {
  return db
    .select({
      id: encounterSummaries.id,
      encounterId: encounterSummaries.encounterId,
      sharedAt: encounterSummaries.sharedAt,
      clinicianName: sharerName,
      summary: encounterSummaries.summary,
      instructions: encounterSummaries.instructions,
    })
    .from(encounterSummaries)
    .innerJoin(staffProfiles, eq(staffProfiles.id, encounterSummaries.sharedBy))
    .where(eq(encounterSummaries.patientId, access.patientId))
    .orderBy(desc(encounterSummaries.sharedAt), desc(encounterSummaries.id));
}

/** The encounters opened from these appointments (ids only: for the clinician's day list). */
export async function selectEncounterIdsByAppointment(db: Db, appointmentIds: string[]): Promise<Map<string, string>> {
  if (appointmentIds.length === 0) return new Map();
  return runRead(encounterIdsByAppointmentRead(db, appointmentIds));
}

/** The same look-up as a read not run yet; in a statement built once the ids are a placeholder (`idListValue`). */
export function encounterIdsByAppointmentRead(db: Db, appointmentIds: readonly string[] | Placeholder): DeferredRead<Map<string, string>> {
  return deferRead(
    db
      .select({ id: encounters.id, appointmentId: encounters.appointmentId })
      .from(encounters)
      .where(isAnyId(encounters.appointmentId, appointmentIds)),
    (rows) => new Map(rows.map((r) => [r.appointmentId!, r.id])),
  );
}
