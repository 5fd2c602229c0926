import { readFileSync } from 'node:fs';

/**
 * The ONC high-priority drug–drug interactions (Phansalkar et al., JAMIA 2012;19:735-743) as class
 * rules with member RxCUIs, shipped in reference/onc-high-priority-ddi.json (CC0 compilation; see
 * reference/NOTICE.md). Pure: no database, no clock — the signing transaction (not built yet) will
 * call it with the candidate product and every active medicine of the patient.
 *
 * Rule 8 (QT-prolonging with QT-prolonging) has no member list by design: it applies to products
 * the hospital's pharmacy tagged `qt_prolonging` (empty by default; never filled from a licensed list).
 */
export const ONC_SOURCE = 'onc_high_priority';
export const ONC_EDITION = 'ONC high-priority DDI list (Phansalkar et al. 2012; member lists as revised by Hines and Malone)';
const QT_RULE = 8;

interface OncRuleFile {
  citation: string;
  rules: {
    rule: number;
    object_class: string;
    object_drugs: { name: string; rxcui: string | string[] | null }[];
    precipitant_class: string;
    precipitant_drugs: { name: string; rxcui: string | string[] | null }[];
    clinical_consequence: string;
  }[];
}

export interface OncRule {
  rule: number;
  objectClass: string;
  precipitantClass: string;
  objectRxcuis: ReadonlySet<string>;
  precipitantRxcuis: ReadonlySet<string>;
  /** Written for the source compilation from standard pharmacology: awaiting clinician review. */
  consequence: string;
}

const rxcuisOf = (drugs: { rxcui: string | string[] | null }[]) =>
  new Set(drugs.flatMap((d) => (d.rxcui === null ? [] : Array.isArray(d.rxcui) ? d.rxcui : [d.rxcui])));

export function readOncRules(): OncRule[] {
  const file = JSON.parse(readFileSync(new URL('../reference/onc-high-priority-ddi.json', import.meta.url), 'utf8')) as OncRuleFile;
  return file.rules.map((r) => ({
    rule: r.rule,
    objectClass: r.object_class,
    precipitantClass: r.precipitant_class,
    objectRxcuis: rxcuisOf(r.object_drugs),
    precipitantRxcuis: rxcuisOf(r.precipitant_drugs),
    consequence: r.clinical_consequence,
  }));
}

let cached: OncRule[] | undefined;
const rules = () => (cached ??= readOncRules());

/** A medicine as the checks see it: its ingredients' RxCUIs and its pharmacy tags. */
export interface DrugRef {
  /** What the alert names (the product's name). */
  name: string;
  rxcuis: readonly string[];
  tags: readonly string[];
}

export interface OncAlert {
  source: typeof ONC_SOURCE;
  sourceEdition: string;
  rule: number;
  severity: 'high_priority';
  objectClass: string;
  precipitantClass: string;
  /** Both drugs, the one being prescribed first. */
  drugs: [candidate: string, other: string];
  consequence: string;
  consequenceReviewed: false;
}

const holds = (drug: DrugRef, members: ReadonlySet<string>) => drug.rxcuis.some((rxcui) => members.has(rxcui));

/**
 * The ONC rules a candidate medicine breaks with each other medicine: one alert per rule and pair,
 * whichever side of the rule each drug is on. A combination product's own ingredients are never
 * checked against each other (only different medicines are compared).
 */
export function checkOncInteractions(candidate: DrugRef, others: readonly DrugRef[]): OncAlert[] {
  const alerts: OncAlert[] = [];
  for (const other of others) {
    for (const rule of rules()) {
      const applies =
        rule.rule === QT_RULE
          ? candidate.tags.includes('qt_prolonging') && other.tags.includes('qt_prolonging')
          : (holds(candidate, rule.objectRxcuis) && holds(other, rule.precipitantRxcuis)) ||
            (holds(candidate, rule.precipitantRxcuis) && holds(other, rule.objectRxcuis));
      if (!applies) continue;
      alerts.push({
        source: ONC_SOURCE,
        sourceEdition: ONC_EDITION,
        rule: rule.rule,
        severity: 'high_priority',
        objectClass: rule.objectClass,
        precipitantClass: rule.precipitantClass,
        drugs: [candidate.name, other.name],
        consequence: rule.consequence,
        consequenceReviewed: false,
      });
    }
  }
  return alerts;
}
