import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerAccessApi } from './access.api.js';
import { registerPatientsApi } from './patients.api.js';
import { registerPatientPages } from './patients.pages.js';
import { registerRecordsApi } from './records.api.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { patientParamsSchema, type PatientProfile, type PatientSummary } from './patients.schemas.js';
export {
  allergies,
  breakGlassGrants,
  careTeamMembers,
  conditions,
  emergencyContacts,
  insurancePolicies,
  patients,
  privacyReviewTasks,
} from './patients.tables.js';
export type { Allergy, Condition } from './records.schemas.js';
export type { CareTeamMember } from './access.schemas.js';
export { allergiesSection, listPatientAllergies, readAllergies } from './services/allergies.service.js';
export {
  addCareTeamMember,
  careTeamStandingRead,
  isOnCareTeam,
  joinCareTeamAlongside,
  careTeamMembersRead,
  listCareTeam,
} from './services/care-team.service.js';
export { endCareTeamRole, joinCareTeamForStay } from './services/care-team-stays.service.js';
export { conditionsSection, listPatientConditions, readConditions } from './services/conditions.service.js';
export {
  accessAuditValues,
  auditAccess,
  auditDenied,
  isClinicalTier,
  patientAccessFactsRead,
  pendingAccessAudit,
  preparedPatientAccessFactsRead,
  relationshipViewer,
  type PatientAccess,
  readOwnedAccessFacts,
  resolveOwnedAccess,
  resolvePatientAccess,
  settlePatientAccess,
} from './services/patient-access.service.js';
export type { PatientOwner } from './care-team.repository.js';
export {
  claimPatientRecord,
  createPatientForAccount,
  importPatientRecord,
  issuePatientLinkCode,
} from './services/patient-accounts.service.js';
export {
  getPatientProfile,
  labelOf,
  patientLabelsRead,
  readPatientLabels,
  toProfile,
  type PatientLabel,
  type UnidentifiedFacts,
  unidentifiedOf,
} from './services/patient-profile.service.js';
export {
  createUnidentifiedPatient,
  identifyPatient,
  type IdentifyPatientInput,
  type UnidentifiedSex,
} from './services/unidentified-patients.service.js';
export { findPatients } from './services/patient-registration.service.js';
export { openPrivacyReviewTask } from './services/privacy-review.service.js';
export { NoAccessPage } from './views/break-glass.js';
export { PortalHomePage } from './views/portal-home.js';

/** The patients module: profile, two access tiers, clinical and registration records, care teams, privacy. */
export async function registerPatientsModule(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Every answer here may carry PHI: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerPatientsApi(scope);
    registerRecordsApi(scope);
    registerAccessApi(scope);
    registerPatientPages(scope);
  });
}
