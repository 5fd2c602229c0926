import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { allergiesSection, pendingAccessAudit, resolvePatientAccess, type Allergy, type PatientAccess } from '../../../patients/index.js';
import { deferRead, readTogether } from '../../../../platform/db/read-together.js';
import { dosesPerDay } from '../../prescriptions.frequency.js';
import { activeMedicinesQuery } from '../../prescriptions.repository.js';
import type { Frequency } from '../../prescriptions.frequency.js';
import { outsideMedicationsRead } from '../outside-medications.repository.js';
import type { OutsideMedicationDto, ReconciliationDto } from '../reconciliation.schemas.js';
import { encounterReconciliationsRead } from '../reconciliation.repository.js';
import { listFormularyChoices } from '../../services/formulary.service.js';
import { toOutsideMedicationDto } from './outside-medications.service.js';
import { accessEncounterPatient } from './reconciliation.service.js';

type PatientRow = PatientAccess['patient'];

/** One active medicine as the reconciliation page lists it: a signed prescription or one taken from outside. */
export interface ActiveMedicineLine {
  kind: 'prescription' | 'outside';
  id: string;
  name: string;
  dose: { value: number; unit: string } | null;
  frequency: Frequency | null;
  frequencyText: string | null;
  outside: OutsideMedicationDto | null;
}

/**
 * The reconciliation page of an encounter: the patient (banner) and allergies, every active
 * medicine (prescriptions and outside medicines), and the reconciliations already recorded here.
 * One audit row; a fixed number of statements whatever the number of medicines.
 */
export async function readReconciliationPage(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
): Promise<{ patient: PatientRow; allergies: Allergy[]; medicines: ActiveMedicineLine[]; history: ReconciliationDto[] }> {
  const access = await accessEncounterPatient(db, ctx, encounterId, 'medication_reconciliation.read');
  // The audit row travels with the four reads in one statement: they commit together, one round trip.
  const { audited, write } = pendingAccessAudit(db, ctx, access, {
    action: 'medication_reconciliation.read',
    resourceType: 'medication_reconciliation',
    resourceId: encounterId,
    category: 'clinical',
  });
  const { prescriptions, outside, allergies, history } = await readTogether(
    db,
    {
      prescriptions: deferRead(activeMedicinesQuery(db, audited, []), (rows) => rows),
      outside: outsideMedicationsRead(db, audited, { activeOnly: true }),
      allergies: allergiesSection(db, audited),
      history: encounterReconciliationsRead(db, audited, encounterId),
    },
    { writes: [write] },
  );
  const medicines: ActiveMedicineLine[] = [
    ...prescriptions.map((p) => ({
      kind: 'prescription' as const,
      id: p.id,
      name: p.productName,
      dose: { value: Number(p.doseValue), unit: p.doseUnit },
      frequency: dosesPerDay(p.frequency) > 0 ? p.frequency : null,
      frequencyText: null,
      outside: null,
    })),
    ...outside.map((o) => {
      const dto = toOutsideMedicationDto(o);
      return {
        kind: 'outside' as const,
        id: o.id,
        name: dto.name,
        dose: dto.dose,
        frequency: null,
        frequencyText: o.frequencyText,
        outside: dto,
      };
    }),
  ];
  return {
    patient: access.patient,
    allergies,
    medicines,
    history: history.map((h) => ({
      id: h.reconciliation.id,
      patientId: h.reconciliation.patientId,
      encounterId: h.reconciliation.encounterId,
      performedBy: h.reconciliation.performedBy,
      createdAt: h.reconciliation.createdAt,
      items: h.items.map((i) => ({
        prescriptionId: i.prescriptionId,
        outsideMedicationId: i.outsideMedicationId,
        medicineName: i.medicineName,
        decision: i.decision,
        stopReason: i.stopReason,
      })),
    })),
  };
}

/** The outside-medicine form: the patient (banner) and the formulary's products to choose from (one page of 200). */
export async function readOutsideMedicineForm(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
): Promise<{ patient: PatientRow; products: { id: string; name: string }[] }> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'outside_medication.create' });
  return { patient: access.patient, products: await listFormularyChoices(db) };
}
