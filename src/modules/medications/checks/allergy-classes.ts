import { readFileSync } from 'node:fs';

/**
 * Drug classes for the allergy check, read from reference/allergy-drug-classes.json: an editable
 * list (clinicians may add members or classes without a code change) whose class names follow the
 * FDA Established Pharmacologic Classes as published through NLM RxClass. Membership is marked for
 * clinician review in the file itself (`reviewStatus`).
 */
export interface DrugClass {
  id: string;
  name: string;
  /** A broader class this one belongs to (penicillins → beta-lactams). */
  parent: string | null;
  members: ReadonlyMap<string, string>;
}

interface ClassFile {
  edition: string;
  reviewStatus: string;
  classes: { id: string; name: string; parent?: string; members: { rxcui: string; name: string }[] }[];
}

export const ALLERGY_CLASS_SOURCE = 'allergy_drug_classes';

let cached: { edition: string; classes: DrugClass[] } | undefined;

export function allergyClassList(): { edition: string; classes: DrugClass[] } {
  if (cached) return cached;
  const file = JSON.parse(readFileSync(new URL('../reference/allergy-drug-classes.json', import.meta.url), 'utf8')) as ClassFile;
  const classes: DrugClass[] = file.classes.map((c) => ({
    id: c.id,
    name: c.name,
    parent: c.parent ?? null,
    members: new Map(c.members.map((m) => [m.rxcui, m.name])),
  }));
  // A parent class holds every member of its children too.
  for (const parent of classes) {
    for (const child of classes.filter((c) => c.parent === parent.id)) {
      for (const [rxcui, name] of child.members) (parent.members as Map<string, string>).set(rxcui, name);
    }
  }
  cached = { edition: file.edition, classes };
  return cached;
}

/**
 * The narrowest class both RxCUIs belong to (a class without children is narrower than its
 * parent), or null.
 */
export function sharedClass(a: string, b: string): DrugClass | null {
  const shared = allergyClassList().classes.filter((c) => c.members.has(a) && c.members.has(b));
  return shared.find((c) => c.parent !== null) ?? shared[0] ?? null;
}
