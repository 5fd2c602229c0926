import { inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { patients } from '../../patients/index.js';

export interface PatientLabel {
  id: string;
  name: string;
  mrn: string;
}

/**
 * Names and MRNs of the patients on a calendar or board page, in one query. Call it only for
 * appointments the viewer has just listed through `listAppointments` (which checked the access
 * and wrote the `appointment.list` audit rows); it reads the registration tier, nothing clinical.
 */
export async function selectPatientLabels(db: Db, patientIds: string[]): Promise<Map<string, PatientLabel>> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: patients.id, givenName: patients.givenName, familyName: patients.familyName, mrn: patients.mrn })
    .from(patients)
    .where(inArray(patients.id, ids));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: `${r.givenName} ${r.familyName}`, mrn: r.mrn }]));
}
