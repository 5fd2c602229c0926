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
export interface MedicineFacts {
  /** The prescription id (absent for the candidate). */
  id?: string;
  name: string;
  ingredients: readonly { rxcui: string; name: string }[];
  tags: readonly string[];
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
  allergyId: string | null;
  /** ONC rule number, the drug class id (class allergies), or the shared ingredients (duplicates). */
  rule: string | null;
  /** Only from the source (the ONC rules), and then awaiting clinician review. */
  consequence: string | null;
  consequenceReviewed: boolean | null;
}

export const DUPLICATE_SOURCE = 'rxnorm_ingredient_match';

const SEVERITY_ORDER: AlertSeverity[] = ['critical', 'high_priority', 'significant', 'warning', 'review'];

function alert(
  partial: Omit<SigningAlert, 'requiresOverride' | 'otherPrescriptionId' | 'allergyId' | 'rule' | 'consequence' | 'consequenceReviewed'> &
    Partial<SigningAlert>,
): SigningAlert {
  return {
    otherPrescriptionId: null,
    allergyId: null,
    rule: null,
    consequence: null,
    consequenceReviewed: null,
    ...partial,
    requiresOverride: OVERRIDE_SEVERITIES.includes(partial.severity),
  };
}

/** All alerts for the candidate, most severe first (then by key, so the order is stable). */
export function runSigningChecks(facts: SigningFacts): SigningAlert[] {
  const { candidate, actives } = facts;
  const asRef = (m: MedicineFacts) => ({ name: m.name, rxcuis: m.ingredients.map((i) => i.rxcui), tags: m.tags });
  const alerts: SigningAlert[] = [];
  for (const other of actives) {
    for (const onc of checkOncInteractions(asRef(candidate), [asRef(other)])) {
      alerts.push(
        alert({
          key: `onc:${onc.rule}:${other.id}`,
          kind: 'interaction',
          severity: 'high_priority',
          source: onc.source,
          sourceEdition: onc.sourceEdition,
          drug: candidate.name,
          otherDrug: other.name,
          otherPrescriptionId: other.id,
          rule: String(onc.rule),
          consequence: onc.consequence,
          consequenceReviewed: onc.consequenceReviewed,
        }),
      );
    }
    for (const va of checkVaInteractions(asRef(candidate), [asRef(other)])) {
      alerts.push(
        alert({
          key: `va:${other.id}`,
          kind: 'interaction',
          severity: va.severity,
          source: va.source,
          sourceEdition: va.sourceEdition,
          drug: candidate.name,
          otherDrug: other.name,
          otherPrescriptionId: other.id,
          rule: va.sourcePair.join(' + '),
        }),
      );
    }
  }
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
          }),
        );
        break;
    }
  }
  for (const d of checkDuplicateTherapy(candidate, actives)) {
    alerts.push(
      alert({
        key: `duplicate:${d.otherId}`,
        kind: 'duplicate_therapy',
        severity: 'warning',
        source: DUPLICATE_SOURCE,
        sourceEdition: facts.codesEdition,
        drug: candidate.name,
        otherDrug: d.otherName,
        otherPrescriptionId: d.otherId,
        rule: d.sharedIngredients.join(', '),
      }),
    );
  }
  return alerts.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.key.localeCompare(b.key));
}
