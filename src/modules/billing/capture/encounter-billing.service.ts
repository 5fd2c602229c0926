import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { accessAuditValues, labelOf, resolveOwnedAccess, type PatientAccess } from '../../patients/index.js';
import { encounterCodesReads } from '../../records/index.js';
import { billedEncounterOwner, selectBilledEncounters } from './encounter-billing.repository.js';
import type { BilledEncounterSummaryDto, EncounterBillingDto } from './encounter-billing.schemas.js';

/** How many billed encounters a patient's billing page lists (newest first). */
export const BILLED_ENCOUNTERS_SHOWN = 20;

const ACTION = 'billing.encounter.read';

/** The encounter's codes with their audit row (the same reads for every viewer: billing staff). */
const readCodesView = auditedViews();

/**
 * The billing tier's view of a billed encounter (docs/billing.md "The billing tier"): its date,
 * clinician, department, diagnosis codes with their names and procedure codes — never notes or
 * results. Billing staff and administrators only (the patients module's `billing` need); an
 * encounter that does not exist or is not billed is 404 with a denied audit row.
 *
 * TWO statements: the access decision, which reads the patient through the billed encounter (so
 * nothing of an encounter is read before the decision), then the codes with the ONE
 * `billing.encounter.read` row naming the sections, built once. They were six: the codes read
 * before the decision, a billed check, and the audit row after (issue 11).
 */
export async function getEncounterBilling(db: Db, ctx: ServiceContext, encounterId: string): Promise<EncounterBillingDto> {
  const access = await billedEncounterAccess(db, ctx, encounterId);
  const audit = accessAuditValues(ctx, access, {
    action: ACTION,
    resourceType: 'encounter',
    resourceId: encounterId,
    category: 'clinical',
    detail: { sections: ['encounter', 'diagnoses', 'procedures'] },
  });
  const codes = await readCodesView(
    db,
    'billing-codes',
    audit,
    (db, audited, param: (name: 'encounterId') => Placeholder) => encounterCodesReads(db, audited, param('encounterId')),
    { encounterId },
  );
  const { encounter } = codes;
  // The decision read the encounter's patient in the statement before; a row gone since is gone.
  if (!encounter) throw notFound('The encounter');
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

/** The decision; a refusal (unknown, not billed, or not billing staff) names the encounter. */
async function billedEncounterAccess(db: Db, ctx: ServiceContext, encounterId: string): Promise<PatientAccess> {
  try {
    return await resolveOwnedAccess(db, ctx, billedEncounterOwner, encounterId, { need: 'billing', action: ACTION });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('The encounter');
    throw error;
  }
}

/** A patient's billed encounters for their billing page, as a read not run yet (its `billing.patient.read` row covers it). */
export function billedEncountersRead(db: Db, patientId: string): DeferredRead<BilledEncounterSummaryDto[]> {
  return deferRead(selectBilledEncounters(db, patientId, BILLED_ENCOUNTERS_SHOWN), (rows) =>
    rows.map((r) => ({ id: r.id, type: r.type, date: (r.startedAt ?? r.createdAt).toISOString() })),
  );
}
