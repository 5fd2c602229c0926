import { and, asc, eq, gte, inArray, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';
import { appointments } from '../../scheduling/index.js';
import { staffProfiles } from '../../staff/index.js';
import { encounters } from './encounters.tables.js';

/**
 * SQL for a department's round: the rule the medication round and the observation round share
 * (docs/vitals.md, docs/medications.md), until inpatient stays exist.
 */

export interface RoundPatient {
  id: string;
  name: string;
  mrn: string;
  birthDate: string;
}

/** The staff member's department (one row, or none), not run yet; the id may be a placeholder. */
export function staffDepartmentQuery(db: Db, staffId: string | Placeholder) {
  return db.select({ departmentId: staffProfiles.departmentId }).from(staffProfiles).where(eq(staffProfiles.id, staffId));
}

/** The department chosen, else the staff member's own (a sub-query): SQL for `departmentPatientsQuery`. */
export function chosenOrOwnDepartment(db: Db, chosen: Placeholder, staffId: Placeholder): SQL {
  return sql`coalesce(${chosen}::uuid, ${staffDepartmentQuery(db, staffId)})`;
}

/**
 * A department's patients: an open encounter with a clinician of the department, or an
 * appointment (not cancelled) starting in [dayStart, dayEnd) with one; by family then given name.
 * Not run yet: the department is SQL (`chosenOrOwnDepartment`) and the day may be placeholders.
 */
export function departmentPatientsQuery(
  db: Db,
  { departmentId, dayStart, dayEnd }: { departmentId: SQL; dayStart: Date | Placeholder; dayEnd: Date | Placeholder },
) {
  const inDepartment = db.select({ id: staffProfiles.id }).from(staffProfiles).where(eq(staffProfiles.departmentId, departmentId));
  const withEncounter = db
    .select({ patientId: encounters.patientId })
    .from(encounters)
    .where(and(eq(encounters.status, 'in_progress'), inArray(encounters.clinicianId, inDepartment)));
  const withAppointment = db
    .select({ patientId: appointments.patientId })
    .from(appointments)
    .where(
      and(
        inArray(appointments.staffId, inDepartment),
        gte(appointments.startsAt, dayStart),
        lt(appointments.startsAt, dayEnd),
        sql`${appointments.status} <> 'cancelled'`,
      ),
    );
  return db
    .select({
      id: patients.id,
      name: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`,
      mrn: patients.mrn,
      birthDate: patients.birthDate,
    })
    .from(patients)
    .where(sql`${patients.id} in (${withEncounter} union ${withAppointment})`)
    .orderBy(asc(patients.familyName), asc(patients.givenName));
}
