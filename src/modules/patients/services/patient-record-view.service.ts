import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy, Condition, EmergencyContact, InsurancePolicy } from '../records.schemas.js';
import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import { allergiesSection } from './allergies.service.js';
import { conditionsSection } from './conditions.service.js';
import { accessAuditValues, isClinicalTier, resolvePatientAccess } from './patient-access.service.js';
import { toProfile } from './patient-profile.service.js';
import { emergencyContactsSection, insurancePoliciesSection } from './registration-records.service.js';

/** What the patient's record page shows (staff) or their profile (portal). */
export interface PatientRecordView {
  patient: PatientProfile;
  /** Null for the registration tier: allergies and history are clinical. */
  clinical: { allergies: Allergy[]; conditions: Condition[] } | null;
  contacts: EmergencyContact[];
  policies: InsurancePolicy[];
}

/**
 * The record page as an audited read model (SECURITY.md "Audited read models"): the same access
 * decision as `getPatientProfile`, ONE `patient.read` row whose detail names the sections, sent with
 * the sections it allows in one statement. Allergies and history only on a clinical
 * tier, exactly as their own list functions would allow.
 */
export async function getPatientRecordView(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientRecordView> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'patient.read' });
  const clinical = isClinicalTier(access.tier);
  const sections = clinical
    ? ['profile', 'allergies', 'conditions', 'emergency_contacts', 'insurance_policies']
    : ['profile', 'emergency_contacts', 'insurance_policies'];
  // The audit row travels with the sections: one statement built once per tier kind, no
  // transaction, no row without its audit.
  const audit = accessAuditValues(ctx, access, {
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: clinical ? 'clinical' : 'registration',
    detail: { sections },
  });
  const patient = toProfile(access.patient, access.tier);
  if (!clinical) return { patient, clinical: null, ...(await readRecordView(db, 'registration', audit, registrationSections)) };
  const { allergies, conditions, ...rest } = await readRecordView(db, 'clinical', audit, (db, audited) => ({
    allergies: allergiesSection(db, audited),
    conditions: conditionsSection(db, audited),
    ...registrationSections(db, audited),
  }));
  return { patient, clinical: { allergies, conditions }, ...rest };
}

const readRecordView = auditedViews();

const registrationSections = (db: Db, audited: AuditedAccess) => ({
  contacts: emergencyContactsSection(db, audited),
  policies: insurancePoliciesSection(db, audited),
});
