import { and, asc, eq, sql, type Placeholder } from 'drizzle-orm';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { diagnoses, procedures } from '../diagnoses/diagnoses.tables.js';
import { encounters } from './encounters.tables.js';

/**
 * An encounter's codes and nothing more (the billing tier, docs/billing.md): when, who, where,
 * the active diagnoses (ICD-10 code and title) and the procedures (code and description) —
 * never a note, a finding or a result. As reads not run yet, of the audited patient only: the
 * caller decides access and sends them with its audit row in one statement (`encounterId` may
 * be a placeholder of a statement built once). No encounter row: not that patient's, or none.
 */
export function encounterCodesReads(db: Db, audited: AuditedAccess, encounterId: string | Placeholder) {
  return {
    encounter: deferRead(
      db
        .select({
          id: encounters.id,
          type: encounters.type,
          startedAt: encounters.startedAt,
          createdAt: encounters.createdAt,
          clinicianName: sql<string>`${staffProfiles.givenName} || ' ' || ${staffProfiles.familyName}`,
          departmentName: departments.name,
        })
        .from(encounters)
        .innerJoin(staffProfiles, eq(staffProfiles.id, encounters.clinicianId))
        .leftJoin(departments, eq(departments.id, staffProfiles.departmentId))
        .where(and(eq(encounters.id, encounterId), eq(encounters.patientId, audited.patientId))),
      ([row]) => row,
    ),
    // The encounter's own rows (diagnoses_encounter_idx, procedures_encounter_idx), kept to the patient too.
    diagnoses: deferRead(
      db
        .select({ code: diagnoses.code, description: diagnoses.description, rank: diagnoses.rank })
        .from(diagnoses)
        .where(and(eq(diagnoses.encounterId, encounterId), eq(diagnoses.patientId, audited.patientId), eq(diagnoses.status, 'active')))
        .orderBy(asc(diagnoses.rank), asc(diagnoses.recordedAt)),
      (rows) => rows,
    ),
    procedures: deferRead(
      db
        .select({ code: procedures.code, description: procedures.description, performedAt: procedures.performedAt })
        .from(procedures)
        .where(and(eq(procedures.encounterId, encounterId), eq(procedures.patientId, audited.patientId)))
        .orderBy(asc(procedures.performedAt)),
      (rows) => rows,
    ),
  };
}
