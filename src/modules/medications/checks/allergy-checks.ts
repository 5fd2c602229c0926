import { ALLERGY_CLASS_SOURCE, allergyClassList, sharedClass } from './allergy-classes.js';

/**
 * Allergy checks (pure): the candidate's ingredients against the patient's active allergies, by
 * ingredient (same RxCUI: allergies are coded from the same RxNorm snapshot as the formulary) and
 * by drug class (reference/allergy-drug-classes.json). A free-text allergy without a code cannot be
 * compared and asks for review; allergies never recorded (distinct from "no known allergies") warn.
 */
export const ALLERGY_RECORD_SOURCE = 'patient_allergy_record';

export interface AllergyFact {
  id: string;
  substance: string;
  rxcui: string | null;
  status: string;
}

export interface CandidateIngredients {
  name: string;
  ingredients: readonly { rxcui: string; name: string }[];
}

export type AllergyAlert =
  | { kind: 'allergy_ingredient'; allergyId: string; substance: string; rxcui: string; source: string; sourceEdition: string }
  | {
      kind: 'allergy_class';
      allergyId: string;
      substance: string;
      rxcui: string;
      classId: string;
      className: string;
      source: string;
      sourceEdition: string;
    }
  | { kind: 'allergy_uncoded'; allergyId: string; substance: string; source: string; sourceEdition: string }
  | { kind: 'allergies_not_recorded'; source: string; sourceEdition: string };

export function checkAllergies(
  candidate: CandidateIngredients,
  allergyStatus: string,
  allergies: readonly AllergyFact[],
  codesEdition: string,
): AllergyAlert[] {
  const recordEdition = `Patient allergy list, coded with ${codesEdition}`;
  if (allergyStatus === 'not_recorded') {
    return [{ kind: 'allergies_not_recorded', source: ALLERGY_RECORD_SOURCE, sourceEdition: recordEdition }];
  }
  const alerts: AllergyAlert[] = [];
  for (const allergy of allergies) {
    if (allergy.status !== 'active') continue;
    if (allergy.rxcui === null) {
      alerts.push({
        kind: 'allergy_uncoded',
        allergyId: allergy.id,
        substance: allergy.substance,
        source: ALLERGY_RECORD_SOURCE,
        sourceEdition: recordEdition,
      });
      continue;
    }
    const direct = candidate.ingredients.find((i) => i.rxcui === allergy.rxcui);
    if (direct) {
      alerts.push({
        kind: 'allergy_ingredient',
        allergyId: allergy.id,
        substance: allergy.substance,
        rxcui: direct.rxcui,
        source: ALLERGY_RECORD_SOURCE,
        sourceEdition: recordEdition,
      });
      continue;
    }
    const seen = new Set<string>();
    for (const ingredient of candidate.ingredients) {
      const shared = sharedClass(allergy.rxcui, ingredient.rxcui);
      if (!shared || seen.has(shared.id)) continue;
      seen.add(shared.id);
      alerts.push({
        kind: 'allergy_class',
        allergyId: allergy.id,
        substance: allergy.substance,
        rxcui: ingredient.rxcui,
        classId: shared.id,
        className: shared.name,
        source: ALLERGY_CLASS_SOURCE,
        sourceEdition: allergyClassList().edition,
      });
    }
  }
  return alerts;
}
