import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { auditAccess, labelOf, resolvePatientAccess } from '../../patients/index.js';
import { readEncounterCodes } from '../../records/index.js';
import { isEncounterBilled, selectBilledEncounters } from './encounter-billing.repository.js';
import type { BilledEncounterSummaryDto, EncounterBillingDto } from './encounter-billing.schemas.js';

/** How many billed encounters a patient's billing page lists (newest first). */
export const BILLED_ENCOUNTERS_SHOWN = 20;

/**
 * The billing tier's view of a billed encounter (docs/billing.md "The billing tier"): its date,
 * clinician, department, diagnosis codes with their names and procedure codes — never notes or
 * results. Billing staff and administrators only (the patients module's `billing` need); an
 * encounter that does not exist or is not billed is 404. Audited `billing.encounter.read`.
 */
export async function getEncounterBilling(db: Db, ctx: ServiceContext, encounterId: string): Promise<EncounterBillingDto> {
  const codes = await readEncounterCodes(db, encounterId);
  if (!codes) throw notFound('The encounter');
  const access = await resolvePatientAccess(db, ctx, codes.encounter.patientId, { need: 'billing', action: 'billing.encounter.read' });
  if (!(await isEncounterBilled(db, encounterId))) throw notFound('The encounter');
  await auditAccess(db, ctx, access, {
    action: 'billing.encounter.read',
    resourceType: 'encounter',
    resourceId: encounterId,
    category: 'clinical',
    detail: { diagnoses: codes.diagnoses.length, procedures: codes.procedures.length },
  });
  const { encounter } = codes;
  return {
    id: encounter.id,
    patient: labelOf(access.patient),
    type: encounter.type,
    date: (encounter.startedAt ?? encounter.createdAt).toISOString(),
    clinician: encounter.clinicianName,
    department: encounter.departmentName,
    diagnoses: codes.diagnoses,
    procedures: codes.procedures.map((p) => ({ code: p.code, description: p.description, performedAt: p.performedAt.toISOString() })),
  };
}

/** A patient's billed encounters for their billing page, as a read not run yet (its `billing.patient.read` row covers it). */
export function billedEncountersRead(db: Db, patientId: string): DeferredRead<BilledEncounterSummaryDto[]> {
  return deferRead(selectBilledEncounters(db, patientId, BILLED_ENCOUNTERS_SHOWN), (rows) =>
    rows.map((r) => ({ id: r.id, type: r.type, date: (r.startedAt ?? r.createdAt).toISOString() })),
  );
}
