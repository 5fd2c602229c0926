import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { auditAccess, resolveOwnedAccess, type PatientAccess } from '../../../patients/index.js';
import { encounterOwner } from '../../../records/index.js';
import { findActiveMedicines, findPrescription, lockPatientPrescriptions, updatePrescriptionRow } from '../../prescriptions.repository.js';
import { findOutsideMedication, listOutsideMedications, stopOutsideMedication } from '../outside-medications.repository.js';
import type { ReconciliationDto, ReconciliationInput } from '../reconciliation.schemas.js';
import { insertReconciliation, listEncounterReconciliations } from '../reconciliation.repository.js';
import type { ReconciliationItemRow, ReconciliationRow } from '../reconciliation.tables.js';

/**
 * Medication reconciliation at an encounter: one decision for each active medicine of the patient
 * (signed prescriptions and medicines taken from outside) — continue, stop with a reason, or
 * change (the prescription stays active until a replacing draft is signed: the existing replace
 * flow). In one transaction, under the patient's prescription lock (so a signing cannot slip in
 * between): the stops, the record and its items, and the audit rows.
 */

const clinical = (action: string) => ({ need: 'clinical' as const, action });

/** The access to the patient of an encounter (an unknown encounter answers like an inaccessible one: 404, denied audit row). */
export async function accessEncounterPatient(db: Db, ctx: ServiceContext, encounterId: string, action: string): Promise<PatientAccess> {
  return resolveOwnedAccess(db, ctx, encounterOwner, encounterId, clinical(action));
}

function toDto(r: { reconciliation: ReconciliationRow; items: ReconciliationItemRow[] }): ReconciliationDto {
  return {
    id: r.reconciliation.id,
    patientId: r.reconciliation.patientId,
    encounterId: r.reconciliation.encounterId,
    performedBy: r.reconciliation.performedBy,
    createdAt: r.reconciliation.createdAt,
    items: r.items.map((i) => ({
      prescriptionId: i.prescriptionId,
      outsideMedicationId: i.outsideMedicationId,
      medicineName: i.medicineName,
      decision: i.decision,
      stopReason: i.stopReason,
    })),
  };
}

/**
 * Records a reconciliation. A medicine named that is not the patient's → 404; one that is no
 * longer active, or an active medicine left without a decision → 409 `conflict` (the list changed
 * since it was shown: reload and decide again). Nothing is written then.
 */
export async function recordReconciliation(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
  input: ReconciliationInput,
): Promise<ReconciliationDto> {
  const access = await accessEncounterPatient(db, ctx, encounterId, 'medication_reconciliation.create');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'medication_reconciliation.create',
      resourceType: 'medication_reconciliation',
      resourceId: encounterId,
      category: 'clinical',
      severity: 'medium',
    });
    await lockPatientPrescriptions(tx, audited);
    const prescriptions = new Map((await findActiveMedicines(tx, audited, [])).map((p) => [p.id, p]));
    const outside = new Map((await listOutsideMedications(tx, audited, { activeOnly: true, forUpdate: true })).map((o) => [o.id, o]));
    const decided = new Set<string>();
    const items = [];
    for (const [i, d] of input.decisions.entries()) {
      const id = (d.prescriptionId ?? d.outsideMedicationId)!;
      const medicine = d.prescriptionId ? prescriptions.get(id)?.productName : outside.get(id)?.displayName;
      if (medicine === undefined) {
        // Not this patient's (or unknown): 404 like any hidden id; this patient's but no longer active: 409.
        const known = d.prescriptionId ? await findPrescription(tx, audited, id) : await findOutsideMedication(tx, audited, id);
        if (!known) throw notFound(d.prescriptionId ? 'The prescription' : 'The outside medicine');
        throw new AppError('conflict', 'This medicine is no longer active: reload and decide again.', {
          errors: [{ path: `decisions.${i}`, message: 'No longer an active medicine of this patient.' }],
        });
      }
      decided.add(id);
      items.push({
        prescriptionId: d.prescriptionId ?? null,
        outsideMedicationId: d.outsideMedicationId ?? null,
        medicineName: medicine,
        decision: d.decision,
        stopReason: d.decision === 'stop' ? d.reason! : null,
      });
    }
    const undecided = [...prescriptions.keys(), ...outside.keys()].filter((id) => !decided.has(id));
    if (undecided.length > 0) {
      throw new AppError('conflict', 'Every active medicine needs a decision: the list changed since it was shown; reload.', {
        undecided,
      });
    }
    for (const item of items.filter((x) => x.decision === 'stop')) {
      if (item.prescriptionId) {
        const current = prescriptions.get(item.prescriptionId)!;
        const stopped = await updatePrescriptionRow(tx, audited, item.prescriptionId, current.version, {
          status: 'stopped',
          stoppedAt: ctx.now,
          stoppedBy: ctx.actor.userId,
          stopReason: item.stopReason,
          updatedAt: ctx.now,
        });
        if (!stopped) throw new AppError('conflict', 'A prescription changed meanwhile: reload and decide again.');
      } else {
        await stopOutsideMedication(tx, audited, item.outsideMedicationId!, {
          stoppedAt: ctx.now,
          stoppedBy: ctx.actor.userId,
          stopReason: item.stopReason!,
        });
      }
      await writeAudit(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: item.prescriptionId ? 'prescription.stop' : 'outside_medication.stop',
          resourceType: item.prescriptionId ? 'prescription' : 'outside_medication',
          resourceId: (item.prescriptionId ?? item.outsideMedicationId)!,
          patientId: access.patient.id,
          category: 'clinical',
          severity: 'medium',
          detail: { encounterId },
        },
        ctx.now,
      );
    }
    return toDto(await insertReconciliation(tx, audited, { encounterId, performedBy: ctx.actor.userId, createdAt: ctx.now }, items));
  });
}

/** The reconciliations recorded at an encounter, newest first. */
export async function listReconciliations(db: Db, ctx: ServiceContext, encounterId: string): Promise<{ items: ReconciliationDto[] }> {
  const access = await accessEncounterPatient(db, ctx, encounterId, 'medication_reconciliation.read');
  const audited = await auditAccess(db, ctx, access, {
    action: 'medication_reconciliation.read',
    resourceType: 'medication_reconciliation',
    resourceId: encounterId,
    category: 'clinical',
  });
  return { items: (await listEncounterReconciliations(db, audited, encounterId)).map(toDto) };
}
