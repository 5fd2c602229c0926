import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { auditAccess } from '../../../patients/index.js';
import { billingAccess } from '../../services/billing-access.js';
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
 * card images and claims, read together with one audit row.
 */
export async function getPatientInsurance(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientInsurance> {
  const access = await billingAccess(db, ctx, patientId, 'insurance.patient.read');
  const [policies, checks, cards, claims] = await Promise.all([
    selectPatientPolicies(db, patientId),
    selectEligibilityChecks(db, patientId, CHECKS_SHOWN),
    selectCardImages(db, patientId, CARDS_SHOWN),
    selectPatientClaims(db, patientId, CLAIMS_SHOWN),
  ]);
  await auditAccess(db, ctx, access, {
    action: 'insurance.patient.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  return {
    policies: policies.map((p) => ({ id: p.id, payer: p.payer, memberNumber: p.memberNumber, planName: p.planName, status: p.status })),
    checks: checks.map(toEligibilityDto),
    cards: cards.map(toCardImageDto),
    claims: claims.map((c) => toClaimSummary(c, access.patient, null)),
  };
}
