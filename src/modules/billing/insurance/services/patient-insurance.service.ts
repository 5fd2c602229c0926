import { deferRead } from '../../../../platform/db/read-together.js';
import type { Db } from '../../../../platform/db/database.js';
import type { PatientAccess } from '../../../patients/index.js';
import {
  selectCardImages,
  selectEligibilityChecks,
  selectPatientClaims,
  selectPatientPolicies,
  type ClaimRow,
} from '../insurance.repository.js';
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
 * card images and claim rows, as reads not run yet. The caller decides the access and sends its
 * audit row with them (patient-billing-page.service.ts): one statement for the page's every part.
 * `patientId` may be a view's placeholder, so the claims get the patient's name afterwards
 * (`claimSummaries`).
 */
export function patientInsuranceReads(db: Db, patientId: string) {
  return {
    policies: deferRead(selectPatientPolicies(db, patientId), (rows): PatientInsurance['policies'] =>
      rows.map((p) => ({ id: p.id, payer: p.payer, memberNumber: p.memberNumber, planName: p.planName, status: p.status })),
    ),
    checks: deferRead(selectEligibilityChecks(db, patientId, CHECKS_SHOWN), (rows) => rows.map(toEligibilityDto)),
    cards: deferRead(selectCardImages(db, patientId, CARDS_SHOWN), (rows) => rows.map(toCardImageDto)),
    claimRows: deferRead(selectPatientClaims(db, patientId, CLAIMS_SHOWN), (rows) => rows),
  };
}

export function claimSummaries(rows: ClaimRow[], patient: PatientAccess['patient']): ClaimSummaryDto[] {
  return rows.map((c) => toClaimSummary(c, patient, null));
}
