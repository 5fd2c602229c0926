import { randomInt } from 'node:crypto';
import { consumeOneTimeToken, issueOneTimeToken, oneTimeTokenValues } from '../../../platform/auth/one-time-tokens.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { attachAccount, findPatientById, insertPatient } from '../patients.repository.js';

/**
 * The seam between identity and the patient record: a self-registered account gets a new record,
 * or claims the one the front desk made with the link code printed for the patient.
 */

/** 12 characters from an unambiguous alphabet (≈60 bits), shown as XXXX-XXXX-XXXX. */
const LINK_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newLinkCode(): string {
  const chars = Array.from({ length: 12 }, () => LINK_ALPHABET[randomInt(LINK_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

export function normaliseLinkCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 12 ? `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}` : compact;
}

export async function issuePatientLinkCode(db: Db, patientId: string, now: Date): Promise<string> {
  return issueOneTimeToken(db, { kind: 'patient_link', payload: { patientId }, now, token: newLinkCode() });
}

/** A link code for a patient being registered, with the values of its row (`preparedOneTimeTokenInsert`, sent with the patient's). */
export function patientLinkCodeValues(patientId: string, now: Date) {
  return oneTimeTokenValues({ kind: 'patient_link', payload: { patientId }, now, token: newLinkCode() });
}

export interface AccountDemographics {
  givenName: string;
  familyName: string;
  birthDate: string;
  phone?: string | null;
  email: string;
  preferredLanguage?: string | null;
}

export async function createPatientForAccount(db: Db, userId: string, input: AccountDemographics, now: Date) {
  return insertPatient(
    db,
    {
      userId,
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      phone: input.phone ?? null,
      email: input.email,
      preferredLanguage: input.preferredLanguage ?? null,
    },
    now,
  );
}

/**
 * Claims a front-desk record with its link code. The birth date must match too, so a code read
 * over someone's shoulder is not enough. Any mismatch gives the same answer.
 */
export async function claimPatientRecord(db: Db, userId: string, input: { linkCode: string; birthDate: string }, now: Date) {
  const refused = new AppError(
    'unprocessable',
    'The link code and birth date do not match a record waiting to be claimed. Check the code on your registration slip, or ask the front desk.',
  );
  let token;
  try {
    token = await consumeOneTimeToken(db, 'patient_link', normaliseLinkCode(input.linkCode), now);
  } catch {
    throw refused;
  }
  const patientId = token.payload.patientId;
  const patient = patientId ? await findPatientById(db, patientId) : undefined;
  if (!patient || patient.birthDate !== input.birthDate || patient.userId) throw refused;
  if (!(await attachAccount(db, patient.id, userId, now))) throw refused;
  return patient;
}

/**
 * A patient record created by a trusted importer (the demo seed, a data migration): no access check
 * and no audit row, because no person is reading or changing a record through the application.
 */
export function importPatientRecord(db: Db, values: Parameters<typeof insertPatient>[1], now: Date) {
  return insertPatient(db, values, now);
}
