import type { AuditedAccess, AuditedPatients, PreparedAuditedPatients } from '../../../platform/audit/audit.service.js';
import type { IntegrationContext, ServiceContext } from '../../../platform/auth/actor.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { AppError, unprocessable } from '../../../platform/errors.js';
import { countActiveAllergies, selectPatientLabels, updatePatient, type PatientChanges, type PatientRow } from '../patients.repository.js';
import {
  CLINICAL_PROFILE_FIELDS,
  DEMOGRAPHIC_FIELDS,
  SELF_EDITABLE_FIELDS,
  type PatientProfile,
  type UpdatePatientInput,
} from '../patients.schemas.js';
import {
  auditAccess,
  auditDenied,
  isClinicalTier,
  readPatientAudited,
  resolvePatientAccess,
  type AccessTier,
} from './patient-access.service.js';

/** The profile as this viewer may see it: clinical fields are null for the registration tier. */
export function toProfile(row: PatientRow, tier: AccessTier): PatientProfile {
  const clinical = isClinicalTier(tier);
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    sex: row.sex ?? null,
    phone: row.phone,
    email: row.email,
    address: row.address ?? null,
    preferredLanguage: row.preferredLanguage,
    deceased: row.deceased,
    deceasedAt: row.deceasedAt,
    allergyStatus: clinical ? row.allergyStatus : null,
    healthStatus: clinical ? row.healthStatus : null,
    hasPortalAccount: row.userId !== null,
    unidentified: unidentifiedOf(row),
    access: tier,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Reads a patient's profile (any tier; clinical fields only for clinical tiers). Audited. */
export async function getPatientProfile(db: Db, ctx: ServiceContext | IntegrationContext, patientId: string): Promise<PatientProfile> {
  // The audit row commits with the read (or on its own before anything is returned): no transaction.
  const access = await readPatientAudited(db, ctx, patientId, { need: 'registration', action: 'patient.read' }, (tier) => ({
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: isClinicalTier(tier) ? 'clinical' : 'registration',
  }));
  return toProfile(access.patient, access.tier);
}

/** Which profile fields this viewer may change. */
export function editableProfileFields(ctx: ServiceContext, tier: AccessTier): readonly string[] {
  const role = ctx.actor.role;
  if (tier === 'self') return SELF_EDITABLE_FIELDS;
  if (tier === 'registration') return role === 'receptionist' || role === 'admin' ? DEMOGRAPHIC_FIELDS : [];
  return role === 'doctor' || role === 'nurse' ? CLINICAL_PROFILE_FIELDS : [];
}

/**
 * Changes a patient's profile. The patient changes their own demographics, contact, language,
 * health status and allergy status; the front desk demographics and contact of anyone; doctors and
 * nurses on the care team the clinical fields. A field outside one's rights → 403 naming it.
 */
export async function updatePatientProfile(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: UpdatePatientInput,
  expected: number | undefined,
): Promise<PatientProfile> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'patient.update' });
  const fields = Object.keys(input) as (keyof UpdatePatientInput)[];
  const allowed = editableProfileFields(ctx, access.tier);
  const refused = fields.find((f) => !allowed.includes(f));
  if (refused) {
    await auditDenied(db, ctx, access, {
      action: 'patient.update',
      resourceType: 'patient',
      resourceId: patientId,
      category: 'registration',
      detail: { field: refused },
    });
    throw new AppError('forbidden', `You may not change ${refused} on this record.`, { field: refused });
  }
  assertVersion(access.patient.version, expected);
  const touchesClinical = fields.some((f) => (CLINICAL_PROFILE_FIELDS as readonly string[]).includes(f));
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'patient.update',
      resourceType: 'patient',
      resourceId: patientId,
      category: touchesClinical ? 'clinical' : 'registration',
      detail: { fields },
    });
    if (fields.length === 0) return toProfile(access.patient, access.tier);
    if (input.allergyStatus === 'no_known_allergies' && (await countActiveAllergies(tx, audited)) > 0) {
      throw unprocessable(
        'The record lists active allergies. Mark them inactive, resolved or entered in error before recording no known allergies.',
      );
    }
    const changes: PatientChanges = {
      ...input,
      deceasedAt: input.deceasedAt === undefined ? undefined : input.deceasedAt ? new Date(input.deceasedAt) : null,
    };
    if (input.deceased === false) changes.deceasedAt = null;
    if (changes.deceasedAt === undefined) delete changes.deceasedAt;
    const row = await updatePatient(tx, audited, expected ?? access.patient.version, changes, ctx.now);
    if (!row) throw staleVersion();
    return toProfile(row, access.tier);
  });
}

export const staleVersion = () =>
  new AppError('version_mismatch', 'Someone else changed this record since you loaded it. Reload and apply your change again.');

/** A patient as a list view names them: registration tier only. */
/** A patient registered before anyone knew who they are (docs/emergency.md): pages name them by these. */
export interface UnidentifiedFacts {
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  approximateAge: number;
  since: Date;
}

export interface PatientLabel {
  id: string;
  name: string;
  mrn: string;
  /** Set only where the label read carries the flag (boards that may show an unidentified arrival). */
  unidentified?: UnidentifiedFacts | null;
}

type LabelRow = Pick<PatientRow, 'id' | 'givenName' | 'familyName' | 'mrn'> &
  Partial<Pick<PatientRow, 'unidentified' | 'sex' | 'approximateAge' | 'unidentifiedSince'>>;

/** The facts behind an unidentified patient's placeholder name, or null for an identified one. */
export const unidentifiedOf = (row: Partial<Pick<PatientRow, 'unidentified' | 'sex' | 'approximateAge' | 'unidentifiedSince'>>) =>
  row.unidentified && row.unidentifiedSince && row.approximateAge !== null && row.approximateAge !== undefined
    ? { sex: row.sex ?? null, approximateAge: row.approximateAge, since: row.unidentifiedSince }
    : null;

export const labelOf = (row: LabelRow): PatientLabel => ({
  id: row.id,
  name: `${row.givenName} ${row.familyName}`,
  mrn: row.mrn,
  ...('unidentified' in row ? { unidentified: unidentifiedOf(row) } : {}),
});

/**
 * The labels of the patients an audited view shows (a calendar, a board, a day list), in one
 * query, with that view's audit token: the caller decided the access and wrote the rows.
 */
export async function readPatientLabels(tx: Db, audited: AuditedPatients | AuditedAccess): Promise<Map<string, PatientLabel>> {
  if ('patientIds' in audited && audited.patientIds.length === 0) return new Map();
  return runRead(patientLabelsRead(tx, audited));
}

/** The same read, not run yet: sent with the view's audit insert in one statement (`readTogether`). */
export function patientLabelsRead(
  db: Db,
  audited: AuditedPatients | AuditedAccess | PreparedAuditedPatients,
): DeferredRead<Map<string, PatientLabel>> {
  return deferRead(selectPatientLabels(db, audited), (rows) => new Map(rows.map((row) => [row.id, labelOf(row)])));
}
