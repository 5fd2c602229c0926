import { and, eq, sql } from 'drizzle-orm';
import type { RequestOrigin, UserActor } from '../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../platform/errors.js';
import { patients } from '../patients.tables.js';
import { insertPatient, type PatientRow } from '../patients.repository.js';

export type UnidentifiedSex = 'female' | 'male' | 'unknown';

/** The names an unidentified patient carries until identified: searchable, never shown as such where the flag is known. */
export const UNIDENTIFIED_GIVEN_NAME = 'Unidentified';
export const UNIDENTIFIED_FAMILY_NAME = 'patient';

/** An estimate of the birth date from an approximate age: the 1st of July that many years before `at`. */
export function estimatedBirthDate(approximateAge: number, at: Date): string {
  return `${String(at.getUTCFullYear() - approximateAge).padStart(4, '0')}-07-01`;
}

/**
 * Creates a patient nobody can name yet (an emergency arrival, docs/emergency.md): a real MRN from
 * the sequence, the `unidentified` flag, the sex if known, an approximate age (the birth date an
 * estimate) and the time they arrived, which pages use for the placeholder name. For other modules:
 * it checks no permission (the caller decided who may), and writes the audit row.
 */
export async function createUnidentifiedPatient(
  tx: Db,
  actor: UserActor,
  origin: RequestOrigin | null,
  input: { sex: UnidentifiedSex; approximateAge: number; arrivedAt: Date },
  now: Date,
): Promise<PatientRow> {
  if (!Number.isInteger(input.approximateAge) || input.approximateAge < 0 || input.approximateAge > 120)
    throw unprocessable('The approximate age must be between 0 and 120 years.');
  const row = await insertPatient(
    tx,
    {
      userId: null,
      givenName: UNIDENTIFIED_GIVEN_NAME,
      familyName: UNIDENTIFIED_FAMILY_NAME,
      birthDate: estimatedBirthDate(input.approximateAge, input.arrivedAt),
      sex: input.sex,
      unidentified: true,
      approximateAge: input.approximateAge,
      unidentifiedSince: input.arrivedAt,
    },
    now,
  );
  await writeAudit(
    tx,
    auditActorOf(actor),
    origin,
    {
      action: 'patient.register_unidentified',
      resourceType: 'patient',
      resourceId: row.id,
      patientId: row.id,
      category: 'registration',
    },
    now,
  );
  return row;
}

export interface IdentifyPatientInput {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
}

/**
 * Identifies a patient registered as unidentified: the real names, birth date and sex replace the
 * placeholders and the flag goes; the id, the MRN and every record stay. 404 for an unknown
 * patient, 409 when the patient was already identified. For other modules: the caller decided who
 * may (the emergency department's clinicians); it writes the audit row (the fields, not the values).
 */
export async function identifyPatient(
  tx: Db,
  actor: UserActor,
  origin: RequestOrigin | null,
  patientId: string,
  input: IdentifyPatientInput,
  now: Date,
): Promise<PatientRow> {
  if (input.birthDate > now.toISOString().slice(0, 10)) throw unprocessable('The date of birth cannot be in the future.');
  const [row] = await tx
    .update(patients)
    .set({
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      sex: input.sex,
      unidentified: false,
      approximateAge: null,
      updatedAt: now,
      version: sql`${patients.version} + 1`,
    })
    .where(and(eq(patients.id, patientId), eq(patients.unidentified, true)))
    .returning();
  if (!row) {
    const [existing] = await tx.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId)).limit(1);
    if (!existing) throw notFound('The patient');
    throw conflict('This patient has already been identified.');
  }
  await writeAudit(
    tx,
    auditActorOf(actor),
    origin,
    {
      action: 'patient.identify',
      resourceType: 'patient',
      resourceId: row.id,
      patientId: row.id,
      category: 'registration',
      detail: { fields: ['givenName', 'familyName', 'birthDate', 'sex'] },
    },
    now,
  );
  return row;
}
