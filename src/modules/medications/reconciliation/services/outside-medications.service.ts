import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { auditAccess, resolvePatientAccess } from '../../../patients/index.js';
import { findEncounterPatientId } from '../../../records/index.js';
import { findIngredientsByRxcui, findProduct } from '../../medications.repository.js';
import {
  findOutsideMedication,
  insertOutsideMedication,
  listOutsideMedications,
  type OutsideMedicationView,
} from '../outside-medications.repository.js';
import type { CreateOutsideMedicationInput, OutsideMedicationDto } from '../reconciliation.schemas.js';

/**
 * Medicines the patient takes from outside the hospital, recorded at reconciliation. Active ones
 * join the signing checks (services/prescription-facts.ts). Clinical tier, audited, ids only.
 */

const clinical = (action: string) => ({ need: 'clinical' as const, action });

export function toOutsideMedicationDto(row: OutsideMedicationView): OutsideMedicationDto {
  return {
    id: row.id,
    patientId: row.patientId,
    encounterId: row.encounterId,
    product: row.productId && row.productName ? { id: row.productId, name: row.productName } : null,
    name: row.displayName,
    ingredient: row.ingredientRxcui ? { rxcui: row.ingredientRxcui, name: row.ingredientName ?? row.ingredientRxcui } : null,
    dose: row.doseValue === null || row.doseUnit === null ? null : { value: Number(row.doseValue), unit: row.doseUnit },
    frequencyText: row.frequencyText,
    source: row.source,
    startedOn: row.startedOn,
    status: row.status,
    recordedBy: row.recordedBy,
    stoppedAt: row.stoppedAt,
    stopReason: row.stopReason,
    createdAt: row.createdAt,
  };
}

/** Records a medicine taken from outside: the product, ingredient and encounter must exist (and be this patient's): 404 otherwise. */
export async function recordOutsideMedication(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: CreateOutsideMedicationInput,
): Promise<OutsideMedicationDto> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('outside_medication.create'));
  if (input.productId && !(await findProduct(db, input.productId))) throw notFound('The product');
  if (input.ingredientRxcui && (await findIngredientsByRxcui(db, [input.ingredientRxcui])).length === 0) throw notFound('The ingredient');
  if (input.encounterId && (await findEncounterPatientId(db, input.encounterId)) !== access.patient.id) throw notFound('The encounter');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'outside_medication.create',
      resourceType: 'outside_medication',
      category: 'clinical',
      severity: 'medium',
    });
    const row = await insertOutsideMedication(tx, audited, {
      encounterId: input.encounterId ?? null,
      productId: input.productId ?? null,
      name: input.productId ? null : (input.name ?? null),
      ingredientRxcui: input.productId ? null : (input.ingredientRxcui ?? null),
      doseValue: input.dose?.value ?? null,
      doseUnit: input.dose?.unit ?? null,
      frequencyText: input.frequencyText ?? null,
      source: input.source,
      startedOn: input.startedOn ?? null,
      status: 'active',
      recordedBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return toOutsideMedicationDto((await findOutsideMedication(tx, audited, row.id))!);
  });
}

/** The patient's outside medicines, newest first (optionally only active or stopped ones). */
export async function listPatientOutsideMedications(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  query: { status?: 'active' | 'stopped' },
): Promise<{ items: OutsideMedicationDto[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('outside_medication.list'));
  const audited = await auditAccess(db, ctx, access, {
    action: 'outside_medication.list',
    resourceType: 'outside_medication',
    category: 'clinical',
  });
  const rows = await listOutsideMedications(db, audited, { activeOnly: query.status === 'active' });
  return { items: rows.filter((r) => !query.status || r.status === query.status).map(toOutsideMedicationDto) };
}
