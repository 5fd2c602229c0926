import type { AlertDto, PrescriptionDto } from '../prescriptions.schemas.js';
import type { PrescriptionWithProduct, RecordedAlertRow } from '../prescriptions.repository.js';
import type { Route } from '../medications.vocabulary.js';

/** A prescription row as the API and the pages show it. */
export function toPrescriptionDto(row: PrescriptionWithProduct): PrescriptionDto {
  return {
    id: row.id,
    patientId: row.patientId,
    encounterId: row.encounterId,
    prescriberId: row.prescriberId,
    product: { id: row.productId, name: row.productName },
    dose: { value: Number(row.doseValue), unit: row.doseUnit },
    route: row.route as Route,
    frequency: row.frequency,
    startsAt: row.startsAt,
    durationDays: row.durationDays,
    endsAt: row.endsAt,
    quantity: row.quantityValue === null || row.quantityUnit === null ? null : { value: Number(row.quantityValue), unit: row.quantityUnit },
    refills: row.refills,
    indication: row.indicationDiagnosisId
      ? { id: row.indicationDiagnosisId, source: 'diagnosis' }
      : row.indicationConditionId
        ? { id: row.indicationConditionId, source: 'condition' }
        : null,
    instructions: row.instructions,
    status: row.status,
    replacesId: row.replacesId,
    replacedById: row.replacedById,
    signedAt: row.signedAt,
    stoppedAt: row.stoppedAt,
    stopReason: row.stopReason,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A stored alert (as shown at signing, with its override). */
export function toRecordedAlert(
  row: RecordedAlertRow,
): AlertDto & { overrideReason: string | null; overriddenBy: string | null; overriddenAt: Date | null } {
  return {
    key: row.alertKey,
    kind: row.kind,
    severity: row.severity,
    requiresOverride: row.requiresOverride,
    source: row.source,
    sourceEdition: row.sourceEdition,
    drug: row.drug,
    otherDrug: row.otherDrug,
    otherPrescriptionId: row.otherPrescriptionId,
    otherOutsideMedicationId: row.otherOutsideMedicationId,
    allergyId: null,
    rule: row.rule,
    consequence: row.consequence,
    consequenceReviewed: row.consequence === null ? null : false,
    collapsed:
      row.collapsedFromId && row.collapsedReason !== null && row.collapsedOverriddenAt !== null
        ? { alertId: row.collapsedFromId, reason: row.collapsedReason, overriddenAt: row.collapsedOverriddenAt }
        : null,
    overrideReason: row.overrideReason,
    overriddenBy: row.overriddenBy,
    overriddenAt: row.overriddenAt,
  };
}
