import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { collapseRepeatedOverrides, type DoseFacts, type EarlierOverride } from '../checks/override-collapsing.js';
import type { SigningAlert, SigningFacts } from '../checks/signing-checks.js';
import { findLineages, type EarlierOverrideRow } from '../prescription-overrides.repository.js';
import { prescribedDose } from './prescription-facts.js';

/**
 * Marks the alerts an earlier override by the same prescriber stands for (the rule is in
 * checks/override-collapsing.ts), given this prescriber's earlier overrides for the patient (read
 * with the facts). At most one statement, and none unless an alert needing an override has an
 * earlier override under its collapse key: the lineages of the candidate and of the active
 * prescriptions.
 */
export async function collapseOverriddenAlerts(
  tx: Db,
  audited: AuditedAccess,
  options: { now: Date; months: number },
  facts: SigningFacts,
  alerts: SigningAlert[],
  earlierOverrides: EarlierOverrideRow[],
): Promise<SigningAlert[]> {
  const keys = new Set(alerts.flatMap((a) => (a.requiresOverride && a.collapseKey ? [a.collapseKey] : [])));
  if (options.months <= 0 || keys.size === 0) return alerts;
  const rows = earlierOverrides.filter((r) => r.collapseKey !== null && keys.has(r.collapseKey));
  if (rows.length === 0) return alerts;
  const replaced = facts.candidate.replacesId ?? null;
  const prescriptionIds = facts.actives.filter((a) => a.origin !== 'outside').map((a) => a.id);
  const lineages = await findLineages(tx, audited, [...(replaced ? [replaced] : []), ...prescriptionIds]);
  const lineageOf = (id: string) => lineages.filter((l) => l.startId === id).map((l) => l.memberId);
  const earlier: EarlierOverride[] = rows.map((r) => ({
    alertId: r.alertId,
    collapseKey: r.collapseKey!,
    reason: r.reason!,
    overriddenAt: r.overriddenAt!,
    prescriptionId: r.prescriptionId,
    prescriptionDose: prescribedDose(r),
    otherId: r.otherPrescriptionId ?? r.otherOutsideMedicationId,
    otherDose: otherDoseOf(r),
  }));
  return collapseRepeatedOverrides(alerts, earlier, {
    candidateLineage: replaced ? lineageOf(replaced) : [],
    candidateDose: facts.candidate.dose!,
    actives: new Map(
      facts.actives.map((a) => [a.id, { lineage: a.origin === 'outside' ? [a.id] : lineageOf(a.id), dose: a.dose ?? null }]),
    ),
    now: options.now,
    months: options.months,
  });
}

function otherDoseOf(r: EarlierOverrideRow): DoseFacts | null {
  if (r.otherPrescriptionId && r.otherDoseValue !== null && r.otherDoseUnit !== null && r.otherFrequency !== null) {
    return prescribedDose({ doseValue: r.otherDoseValue, doseUnit: r.otherDoseUnit, frequency: r.otherFrequency });
  }
  if (r.otherOutsideMedicationId && r.outsideDoseValue !== null && r.outsideDoseUnit !== null) {
    return { value: Number(r.outsideDoseValue), unit: r.outsideDoseUnit, perDay: null };
  }
  return null;
}
