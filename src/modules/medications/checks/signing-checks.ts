import { OVERRIDE_SEVERITIES, type AlertKind, type AlertSeverity } from '../prescriptions.vocabulary.js';
import { checkAllergies, type AllergyFact } from './allergy-checks.js';
import { checkDuplicateTherapy } from './duplicate-therapy.js';
import { checkOncInteractions } from './onc-interactions.js';
import { checkVaInteractions } from './va-interactions.js';

/**
 * Every safety check of a prescription at signing, composed (pure: the signing service reads the
 * facts inside its transaction and passes them here; the preview passes the same facts).
 * Each alert has a stable `key` the signer names when overriding it, both drugs, the severity and
 * the source with its edition; a consequence only where the source has one (the ONC rules).
 */
/** A dose per administration and how many a day (for collapsing repeated overrides, checks/override-collapsing.ts). */
export interface DoseFacts {
  value: number;
  unit: string;
  /** Administrations per day (as needed: the maximum); null when unknown (an outside medicine's free-text frequency). */
  perDay: number | null;
}

export interface MedicineFacts {
  /** The prescription id, or the outside medicine's (absent for the candidate). */
  id?: string;
  /** A prescription of this hospital (the default) or a medicine taken from outside (reconciliation). */
  origin?: 'prescription' | 'outside';
  name: string;
  ingredients: readonly { rxcui: string; name: string }[];
  tags: readonly string[];
  /** The dose (for collapsing repeated overrides); null for an outside medicine without one. */
  dose?: DoseFacts | null;
  /** The prescription this one replaces (its lineage, for collapsing). */
  replacesId?: string | null;
}

export interface SigningFacts {
  candidate: MedicineFacts;
  /** Active medicines of the patient (signed, not stopped, completed or in error), minus the one replaced. */
  actives: readonly (MedicineFacts & { id: string })[];
  allergyStatus: string;
  allergies: readonly AllergyFact[];
  /** The edition of the RxNorm codes allergies and products share. */
  codesEdition: string;
}

export interface SigningAlert {
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  requiresOverride: boolean;
  source: string;
  sourceEdition: string;
  /** The drug being prescribed, then the other side (a medicine or an allergy's substance; null for "not recorded"). */
  drug: string;
  otherDrug: string | null;
  otherPrescriptionId: string | null;
  /** The other side when it is a medicine taken from outside (recorded at reconciliation). */
  otherOutsideMedicationId: string | null;
  allergyId: string | null;
  /** ONC rule number, the drug class id (class allergies), or the shared ingredients (duplicates). */
  rule: string | null;
  /** Only from the source (the ONC rules), and then awaiting clinician review. */
  consequence: string | null;
  consequenceReviewed: boolean | null;
  /** What makes two alerts the same for collapsing (kind, source, rule, ingredient pair); null when never overridden. */
  collapseKey: string | null;
  /** Set when an earlier override by the same prescriber stands for this alert (checks/override-collapsing.ts). */
  collapsed: CollapsedOverride | null;
}

/** The earlier override a collapsed alert shows (its reason and when it was given). */
export interface CollapsedOverride {
  alertId: string;
  reason: string;
  overriddenAt: Date;
}

export const DUPLICATE_SOURCE = 'rxnorm_ingredient_match';

const SEVERITY_ORDER: AlertSeverity[] = ['critical', 'high_priority', 'significant', 'warning', 'review'];

function alert(
  partial: Omit<
    SigningAlert,
    | 'requiresOverride'
    | 'otherPrescriptionId'
    | 'otherOutsideMedicationId'
    | 'allergyId'
    | 'rule'
    | 'consequence'
    | 'consequenceReviewed'
    | 'collapseKey'
    | 'collapsed'
  > &
    Partial<SigningAlert>,
): SigningAlert {
  return {
    otherPrescriptionId: null,
    otherOutsideMedicationId: null,
    allergyId: null,
    collapseKey: null,
    collapsed: null,
    rule: null,
    consequence: null,
    consequenceReviewed: null,
    ...partial,
    requiresOverride: OVERRIDE_SEVERITIES.includes(partial.severity),
  };
}

/** The ONC and VA interaction alerts between the candidate and one active medicine. */
function interactionAlerts(candidate: MedicineFacts, other: MedicineFacts & { id: string }): SigningAlert[] {
  const asRef = (m: MedicineFacts) => ({ name: m.name, rxcuis: m.ingredients.map((i) => i.rxcui), tags: m.tags });
  const pair = [ingredientKey(candidate), ingredientKey(other)].sort().join('|');
  const base = { kind: 'interaction' as const, drug: candidate.name, otherDrug: other.name, ...otherSide(other) };
  return [
    ...checkOncInteractions(asRef(candidate), [asRef(other)]).map((onc) =>
      alert({
        ...base,
        key: `onc:${onc.rule}:${other.id}`,
        severity: 'high_priority',
        source: onc.source,
        sourceEdition: onc.sourceEdition,
        rule: String(onc.rule),
        collapseKey: `onc:${onc.rule}:${pair}`,
        consequence: onc.consequence,
        consequenceReviewed: onc.consequenceReviewed,
      }),
    ),
    ...checkVaInteractions(asRef(candidate), [asRef(other)]).map((va) =>
      alert({
        ...base,
        key: `va:${other.id}`,
        severity: va.severity,
        source: va.source,
        sourceEdition: va.sourceEdition,
        rule: va.sourcePair.join(' + '),
        collapseKey: `va:${pair}`,
      }),
    ),
  ];
}

/** Which column names the other medicine: a prescription of this hospital or one taken from outside. */
function otherSide(other: MedicineFacts & { id: string }) {
  return other.origin === 'outside'
    ? { otherPrescriptionId: null, otherOutsideMedicationId: other.id }
    : { otherPrescriptionId: other.id, otherOutsideMedicationId: null };
}

/** All alerts for the candidate, most severe first (then by key, so the order is stable). */
export function runSigningChecks(facts: SigningFacts): SigningAlert[] {
  const { candidate, actives } = facts;
  const mine = ingredientKey(candidate);
  const alerts: SigningAlert[] = actives.flatMap((other) => interactionAlerts(candidate, other));
  for (const a of checkAllergies(candidate, facts.allergyStatus, facts.allergies, facts.codesEdition)) {
    const base = { source: a.source, sourceEdition: a.sourceEdition, drug: candidate.name };
    switch (a.kind) {
      case 'allergies_not_recorded':
        alerts.push(alert({ ...base, key: 'allergies_not_recorded', kind: a.kind, severity: 'warning', otherDrug: null }));
        break;
      case 'allergy_uncoded':
        alerts.push(
          alert({
            ...base,
            key: `allergy_uncoded:${a.allergyId}`,
            kind: a.kind,
            severity: 'review',
            otherDrug: a.substance,
            allergyId: a.allergyId,
          }),
        );
        break;
      case 'allergy_ingredient':
        alerts.push(
          alert({
            ...base,
            key: `allergy:${a.allergyId}:${a.rxcui}`,
            kind: a.kind,
            severity: 'critical',
            otherDrug: a.substance,
            allergyId: a.allergyId,
            collapseKey: `allergy:${a.allergyId}:${a.rxcui}`,
          }),
        );
        break;
      case 'allergy_class':
        alerts.push(
          alert({
            ...base,
            key: `allergy_class:${a.allergyId}:${a.classId}`,
            kind: a.kind,
            severity: 'high_priority',
            otherDrug: a.substance,
            allergyId: a.allergyId,
            rule: a.classId,
            collapseKey: `allergy_class:${a.allergyId}:${a.classId}:${mine}`,
          }),
        );
        break;
    }
  }
  const byId = new Map(actives.map((m) => [m.id, m]));
  for (const d of checkDuplicateTherapy(candidate, actives)) {
    const other = byId.get(d.otherId)!;
    alerts.push(
      alert({
        key: `duplicate:${d.otherId}`,
        kind: 'duplicate_therapy',
        severity: 'warning',
        source: DUPLICATE_SOURCE,
        sourceEdition: facts.codesEdition,
        drug: candidate.name,
        otherDrug: d.otherName,
        ...otherSide(other),
        rule: d.sharedIngredients.join(', '),
        collapseKey: `duplicate:${[mine, ingredientKey(other)].sort().join('|')}`,
      }),
    );
  }
  return alerts.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.key.localeCompare(b.key));
}

/** A medicine's ingredients as one stable string (sorted RxCUIs), half of an alert's collapse key. */
function ingredientKey(m: MedicineFacts): string {
  return [...new Set(m.ingredients.map((i) => i.rxcui))].sort().join('+');
}
