/**
 * Duplicate therapy (pure): an ingredient of the candidate is already in an active medicine of the
 * patient. One alert per other medicine, naming the shared ingredients. The medicine a change
 * replaces is left out by the caller.
 */
export interface ActiveMedicineIngredients {
  id: string;
  name: string;
  ingredients: readonly { rxcui: string; name: string }[];
}

export interface DuplicateAlert {
  kind: 'duplicate_therapy';
  otherId: string;
  otherName: string;
  sharedIngredients: string[];
}

export function checkDuplicateTherapy(
  candidate: { ingredients: readonly { rxcui: string; name: string }[] },
  actives: readonly ActiveMedicineIngredients[],
): DuplicateAlert[] {
  const mine = new Map(candidate.ingredients.map((i) => [i.rxcui, i.name]));
  const alerts: DuplicateAlert[] = [];
  for (const other of actives) {
    const shared = other.ingredients.filter((i) => mine.has(i.rxcui)).map((i) => mine.get(i.rxcui)!);
    if (shared.length > 0) alerts.push({ kind: 'duplicate_therapy', otherId: other.id, otherName: other.name, sharedIngredients: shared });
  }
  return alerts;
}
