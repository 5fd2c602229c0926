import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy, Condition, EmergencyContact, InsurancePolicy } from '../records.schemas.js';
import { readAllergies } from './allergies.service.js';
import { readConditions } from './conditions.service.js';
import { auditAccess, isClinicalTier, resolvePatientAccess } from './patient-access.service.js';
import { toProfile } from './patient-profile.service.js';
import { readEmergencyContacts, readInsurancePolicies } from './registration-records.service.js';

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
 * decision as `getPatientProfile`, ONE `patient.read` row whose detail names the sections, and the
 * sections read with its token in the same transaction. Allergies and history only on a clinical
 * tier, exactly as their own list functions would allow.
 */
export async function getPatientRecordView(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientRecordView> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'registration', action: 'patient.read' });
  const clinical = isClinicalTier(access.tier);
  const sections = clinical
    ? ['profile', 'allergies', 'conditions', 'emergency_contacts', 'insurance_policies']
    : ['profile', 'emergency_contacts', 'insurance_policies'];
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'patient.read',
      resourceType: 'patient',
      resourceId: patientId,
      category: clinical ? 'clinical' : 'registration',
      detail: { sections },
    });
    return {
      patient: toProfile(access.patient, access.tier),
      clinical: clinical ? { allergies: await readAllergies(tx, audited), conditions: await readConditions(tx, audited) } : null,
      contacts: await readEmergencyContacts(tx, audited),
      policies: await readInsurancePolicies(tx, audited),
    };
  });
}
