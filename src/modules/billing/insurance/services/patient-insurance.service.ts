import { deferRead } from '../../../../platform/db/read-together.js';
import type { Db } from '../../../../platform/db/database.js';
import type { PatientAccess } from '../../../patients/index.js';
import { selectCardImages, selectEligibilityChecks, selectPatientClaims, selectPatientPolicies } from '../insurance.repository.js';
import type { CardImageDto, ClaimSummaryDto, EligibilityCheckDto } from '../insurance.schemas.js';
import { CARDS_SHOWN, toCardImageDto } from './card-images.service.js';
import { CLAIMS_SHOWN } from './claim-queries.service.js';
import { toClaimSummary } from './claim-view.js';
import { CHECKS_SHOWN, toEligibilityDto } from './eligibility.service.js';

export interface PatientInsurance {
  policies: { id: string; payer: string; memberNumber: string; planName: string | null; status: 'active' | 'inactive' }[];
  checks: EligibilityCheckDto[];
  cards: CardImageDto[];
  claims: ClaimSummaryDto[];
}

/**
 * A patient's insurance for billing staff (their billing page): policies, eligibility checks,
 * card images and claims, as reads not run yet. The caller decides the access and sends its audit
 * row with them (patient-billing-page.service.ts): one statement for the page's every part.
 */
export function patientInsuranceReads(db: Db, patient: PatientAccess['patient']) {
  return {
    policies: deferRead(selectPatientPolicies(db, patient.id), (rows): PatientInsurance['policies'] =>
      rows.map((p) => ({ id: p.id, payer: p.payer, memberNumber: p.memberNumber, planName: p.planName, status: p.status })),
    ),
    checks: deferRead(selectEligibilityChecks(db, patient.id, CHECKS_SHOWN), (rows) => rows.map(toEligibilityDto)),
    cards: deferRead(selectCardImages(db, patient.id, CARDS_SHOWN), (rows) => rows.map(toCardImageDto)),
    claims: deferRead(selectPatientClaims(db, patient.id, CLAIMS_SHOWN), (rows) => rows.map((c) => toClaimSummary(c, patient, null))),
  };
}
