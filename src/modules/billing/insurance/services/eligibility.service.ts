import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { hospitalTimeZone, localDateOf } from '../../../../platform/time/zoned-time.js';
import { auditAccess } from '../../../patients/index.js';
import { billingAccess } from '../../services/billing-access.js';
import { insertEligibilityCheck, selectEligibilityChecks, selectPolicy, type EligibilityCheckRow } from '../insurance.repository.js';
import type { EligibilityCheckDto, EligibilityCheckInput } from '../insurance.schemas.js';
import { payerFor } from '../payers.js';

/** How many checks a patient's billing page shows (newest first). */
export const CHECKS_SHOWN = 10;

export function toEligibilityDto(row: EligibilityCheckRow): EligibilityCheckDto {
  return {
    id: row.id,
    patientId: row.patientId,
    policyId: row.policyId,
    payer: row.payer,
    serviceDate: row.serviceDate,
    result: row.result,
    coverageBp: row.coverageBp,
    reasonCode: row.reasonCode,
    checkedBy: row.checkedBy,
    checkedAt: row.checkedAt.toISOString(),
  };
}

/**
 * Asks the policy's payer whether the member is covered on a day (today in the hospital's zone by
 * default) and keeps the answer with when (the injected clock) and by whom. A payer that cannot
 * answer is stored as `unknown`, never as eligible.
 */
export async function checkEligibility(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: EligibilityCheckInput,
): Promise<EligibilityCheckDto> {
  const access = await billingAccess(db, ctx, patientId, 'insurance.eligibility.check');
  const policy = await selectPolicy(db, input.policyId);
  if (policy?.patientId !== patientId) throw notFound('The insurance policy');
  const serviceDate = input.serviceDate ?? localDateOf(ctx.now, hospitalTimeZone());
  const answer = await payerFor(policy.payer).checkEligibility(policy.memberNumber, serviceDate);
  return db.transaction(async (tx) => {
    const row = await insertEligibilityCheck(tx, {
      patientId,
      policyId: policy.id,
      payer: policy.payer,
      serviceDate,
      result: answer.result,
      coverageBp: answer.result === 'eligible' ? answer.coverageBp : null,
      reasonCode: answer.reasonCode,
      checkedBy: ctx.actor.userId,
      checkedAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'insurance.eligibility.check',
      resourceType: 'insurance_eligibility_check',
      resourceId: row.id,
      category: 'registration',
      detail: { policyId: policy.id, result: answer.result },
    });
    return toEligibilityDto(row);
  });
}

/** A patient's eligibility checks, newest first (billing staff). */
export async function listEligibilityChecks(db: Db, ctx: ServiceContext, patientId: string): Promise<EligibilityCheckDto[]> {
  const access = await billingAccess(db, ctx, patientId, 'insurance.eligibility.read');
  const rows = await selectEligibilityChecks(db, patientId, CHECKS_SHOWN);
  await auditAccess(db, ctx, access, {
    action: 'insurance.eligibility.read',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  return rows.map(toEligibilityDto);
}
