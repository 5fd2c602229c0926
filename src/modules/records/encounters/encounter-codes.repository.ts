import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.js';
import { departments, staffProfiles } from '../../../staff/index.js';
import { diagnoses, procedures } from '../../diagnoses/diagnoses.tables.js';
import { encounters } from '../encounters.tables.js';

/**
 * An encounter's codes and nothing more (the billing tier, docs/billing.md): when, who, where,
 * the active diagnoses (ICD-10 code and title) and the procedures (code and description) —
 * never a note, a finding or a result. The caller decides access and writes the audit row.
 */
export async function readEncounterCodes(db: Db, encounterId: string) {
  const [encounter] = await db
    .select({
      id: encounters.id,
      patientId: encounters.patientId,
      appointmentId: encounters.appointmentId,
      type: encounters.type,
      status: encounters.status,
      startedAt: encounters.startedAt,
      createdAt: encounters.createdAt,
      clinicianName: sql<string>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`,
      departmentName: departments.name,
    })
    .from(encounters)
    .innerJoin(staffProfiles, eq(staffProfiles.id, encounters.clinicianId))
    .leftJoin(departments, eq(departments.id, staffProfiles.departmentId))
    .where(eq(encounters.id, encounterId));
  if (!encounter) return undefined;
  const [coded, performed] = await Promise.all([
    db
      .select({ code: diagnoses.code, description: diagnoses.description, rank: diagnoses.rank })
      .from(diagnoses)
      .where(and(eq(diagnoses.encounterId, encounterId), eq(diagnoses.status, 'active')))
      .orderBy(asc(diagnoses.rank), asc(diagnoses.recordedAt)),
    db
      .select({ code: procedures.code, description: procedures.description, performedAt: procedures.performedAt })
      .from(procedures)
      .where(eq(procedures.encounterId, encounterId))
      .orderBy(asc(procedures.performedAt)),
  ]);
  return { encounter, diagnoses: coded, procedures: performed };
}

export type EncounterCodes = NonNullable<Awaited<ReturnType<typeof readEncounterCodes>>>;
