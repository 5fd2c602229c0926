import { and, eq, gt, isNotNull, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditedAccess } from '../../platform/audit/audit.service.js';
import type { Db } from '../../platform/db/database.js';
import { prescriptionAlerts, prescriptions } from './prescriptions.tables.js';
import { outsideMedications } from './reconciliation/outside-medications.tables.js';

/** SQL for collapsing repeated overrides (checks/override-collapsing.ts). Patient data: needs the audit proof. */

const earlierPrescription = alias(prescriptions, 'overridden_prescription');
const otherPrescription = alias(prescriptions, 'other_prescription');

/**
 * The overrides this prescriber gave for this patient since `since`, with the doses of both sides
 * then (prescriptions never change once signed; outside medicines keep their dose), not yet run:
 * the signing checks read it with their facts, before they know which collapse keys they will
 * raise (a prescriber's overrides for one patient are few). prescription_alerts_override_history_idx.
 */
/** `prescriberId` and `since` may be placeholders (`since` then filled with an ISO instant: prescription-facts.ts). */
export function earlierOverridesQuery(tx: Db, access: AuditedAccess, prescriberId: string | Placeholder, since: Date | Placeholder) {
  return tx
    .select({
      alertId: prescriptionAlerts.id,
      collapseKey: prescriptionAlerts.collapseKey,
      reason: prescriptionAlerts.overrideReason,
      overriddenAt: prescriptionAlerts.overriddenAt,
      prescriptionId: prescriptionAlerts.prescriptionId,
      doseValue: earlierPrescription.doseValue,
      doseUnit: earlierPrescription.doseUnit,
      frequency: earlierPrescription.frequency,
      otherPrescriptionId: prescriptionAlerts.otherPrescriptionId,
      otherOutsideMedicationId: prescriptionAlerts.otherOutsideMedicationId,
      otherDoseValue: otherPrescription.doseValue,
      otherDoseUnit: otherPrescription.doseUnit,
      otherFrequency: otherPrescription.frequency,
      outsideDoseValue: outsideMedications.doseValue,
      outsideDoseUnit: outsideMedications.doseUnit,
    })
    .from(prescriptionAlerts)
    .innerJoin(earlierPrescription, eq(earlierPrescription.id, prescriptionAlerts.prescriptionId))
    .leftJoin(otherPrescription, eq(otherPrescription.id, prescriptionAlerts.otherPrescriptionId))
    .leftJoin(outsideMedications, eq(outsideMedications.id, prescriptionAlerts.otherOutsideMedicationId))
    .where(
      and(
        eq(prescriptionAlerts.patientId, access.patientId),
        eq(prescriptionAlerts.overriddenBy, prescriberId),
        isNotNull(prescriptionAlerts.overrideReason),
        isNotNull(prescriptionAlerts.collapseKey),
        gt(prescriptionAlerts.overriddenAt, since),
      ),
    );
}

export type EarlierOverrideRow = Awaited<ReturnType<typeof earlierOverridesQuery>>[number];

/**
 * Each prescription's lineage: itself and every prescription it replaces, transitively (one
 * recursive statement over `replaces_id`). Answers pairs (start, member).
 */
export async function findLineages(tx: Db, access: AuditedAccess, startIds: string[]): Promise<{ startId: string; memberId: string }[]> {
  if (startIds.length === 0) return [];
  const result = await tx.execute(sql`
    with recursive chain(start_id, member_id, replaces_id) as (
      select p.id, p.id, p.replaces_id from prescriptions p
       where p.patient_id = ${access.patientId} and p.id in (${sql.join(
         startIds.map((id) => sql`${id}::uuid`),
         sql`, `,
       )})
      union all
      select c.start_id, p.id, p.replaces_id from chain c join prescriptions p on p.id = c.replaces_id
    )
    select start_id, member_id from chain`);
  return (result as { rows: { start_id: string; member_id: string }[] }).rows.map((r) => ({
    startId: r.start_id,
    memberId: r.member_id,
  }));
}
