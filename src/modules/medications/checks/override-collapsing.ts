import type { DoseFacts, SigningAlert } from './signing-checks.js';

export type { DoseFacts } from './signing-checks.js';

/**
 * Collapsing an alert the same prescriber already overrode (pure). Issue 12: "An overridden alert
 * is collapsed (not hidden) for the same prescriber, patient, ingredient pair and dose range,
 * showing the earlier reason; it returns in full when either drug is stopped and restarted, the
 * dose rises, or after 12 months (configurable)."
 *
 * An alert that needs an override is collapsed onto an earlier override when all of these hold:
 * - the earlier override was given by the same prescriber for the same patient (the caller's query);
 * - it has the same collapse key: kind, source, rule and the unordered ingredient pair (the
 *   ingredient and the allergy for allergy alerts);
 * - it was given less than `months` months ago (0: never collapse);
 * - the same continuous therapy: each side of the earlier alert is in the lineage of one side of
 *   the new one. A prescription's lineage is itself and every prescription it replaces,
 *   transitively (a replacement is signed in the same transaction that stops the old one, so a
 *   lineage has no gap); an outside medicine's is itself while it stays active. A medicine
 *   stopped and prescribed again is a new lineage, so the alert returns in full;
 * - the dose is not higher on either side: same unit, dose per administration not higher, and
 *   (where both are known) dose per day not higher.
 */
/** An override given earlier by this prescriber for this patient (collapse key in the new alerts). */
export interface EarlierOverride {
  alertId: string;
  collapseKey: string;
  reason: string;
  overriddenAt: Date;
  prescriptionId: string;
  prescriptionDose: DoseFacts;
  /** The other side: a prescription or an outside medicine, or none (allergy alerts). */
  otherId: string | null;
  otherDose: DoseFacts | null;
}

/** What the new alerts' sides are: the candidate's lineage (what it replaces) and each active medicine's. */
export interface CollapseFacts {
  candidateLineage: readonly string[];
  candidateDose: DoseFacts;
  actives: ReadonlyMap<string, { lineage: readonly string[]; dose: DoseFacts | null }>;
  now: Date;
  months: number;
}

/** The alerts, those an earlier override stands for marked `collapsed` (the newest such override). */
export function collapseRepeatedOverrides(
  alerts: readonly SigningAlert[],
  earlier: readonly EarlierOverride[],
  facts: CollapseFacts,
): SigningAlert[] {
  if (facts.months <= 0 || earlier.length === 0) return [...alerts];
  const cutoff = monthsBefore(facts.now, facts.months);
  const newestFirst = [...earlier].sort((a, b) => b.overriddenAt.getTime() - a.overriddenAt.getTime());
  return alerts.map((a) => {
    if (!a.requiresOverride || a.collapseKey === null) return a;
    const otherId = a.otherPrescriptionId ?? a.otherOutsideMedicationId;
    const other = otherId === null ? null : (facts.actives.get(otherId) ?? null);
    if (otherId !== null && other === null) return a;
    const match = newestFirst.find(
      (e) => e.collapseKey === a.collapseKey && e.overriddenAt.getTime() > cutoff.getTime() && sameTherapy(e, facts, other),
    );
    return match ? { ...a, collapsed: { alertId: match.alertId, reason: match.reason, overriddenAt: match.overriddenAt } } : a;
  });
}

function sameTherapy(
  e: EarlierOverride,
  facts: CollapseFacts,
  other: { lineage: readonly string[]; dose: DoseFacts | null } | null,
): boolean {
  const candidateIs = (id: string) => facts.candidateLineage.includes(id);
  if (other === null) {
    // An allergy alert: only the prescribed drug has a therapy.
    return e.otherId === null && candidateIs(e.prescriptionId) && notHigher(facts.candidateDose, e.prescriptionDose);
  }
  if (e.otherId === null) return false;
  const direct =
    candidateIs(e.prescriptionId) &&
    other.lineage.includes(e.otherId) &&
    notHigher(facts.candidateDose, e.prescriptionDose) &&
    notHigher(other.dose, e.otherDose);
  const swapped =
    candidateIs(e.otherId) &&
    other.lineage.includes(e.prescriptionId) &&
    notHigher(facts.candidateDose, e.otherDose) &&
    notHigher(other.dose, e.prescriptionDose);
  return direct || swapped;
}

/** Whether a dose is not higher than before: same unit, per administration and (when both known) per day. */
export function notHigher(now: DoseFacts | null, then: DoseFacts | null): boolean {
  if (now === null || then === null) return now === then;
  if (now.unit !== then.unit || now.value > then.value) return false;
  if (now.perDay === null || then.perDay === null) return now.perDay === then.perDay;
  return now.value * now.perDay <= then.value * then.perDay;
}

/** The instant `months` calendar months before `now` (UTC), from the injected clock's value. */
export function monthsBefore(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}
