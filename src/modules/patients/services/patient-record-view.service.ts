import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy, Condition, EmergencyContact, InsurancePolicy } from '../records.schemas.js';
import { readTogether } from '../../../platform/db/read-together.js';
import { allergiesSection } from './allergies.service.js';
import { conditionsSection } from './conditions.service.js';
import { isClinicalTier, pendingAccessAudit, resolvePatientAccess } from './patient-access.service.js';
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
  // The audit row travels with the sections: one statement, no transaction, no row without its audit.
  const { audited, write } = pendingAccessAudit(db, ctx, access, {
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: clinical ? 'clinical' : 'registration',
    detail: { sections },
  });
  const contactsAndPolicies = { contacts: emergencyContactsSection(db, audited), policies: insurancePoliciesSection(db, audited) };
  if (!clinical)
    return {
      patient: toProfile(access.patient, access.tier),
      clinical: null,
      ...(await readTogether(db, contactsAndPolicies, { writes: [write] })),
    };
  const { allergies, conditions, ...rest } = await readTogether(
    db,
    { allergies: allergiesSection(db, audited), conditions: conditionsSection(db, audited), ...contactsAndPolicies },
    { writes: [write] },
  );
  return { patient: toProfile(access.patient, access.tier), clinical: { allergies, conditions }, ...rest };
}
