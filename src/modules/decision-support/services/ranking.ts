import type { KbDiscriminator, KbFinding, LabResultInput } from '../decision-support.schemas.js';
import type { Comparator, ReviewStatus } from '../decision-support.vocabulary.js';

/** What the ranking reads of one knowledge-base entry. */
export interface RankableCondition {
  id: string;
  name: string;
  icd10Code: string | null;
  findings: KbFinding[];
  discriminators: KbDiscriminator[];
  sourceTitle: string;
  sourceUrl: string | null;
  reviewStatus: ReviewStatus;
}

/**
 * The encounter's findings: the clinicians' words, the coded diagnoses, vital signs and other
 * observations (LOINC + UCUM), and lab results when a caller has them (the labs module fills
 * `labResults` later; this module never imports it).
 */
export interface EncounterEvidence {
  texts: string[];
  diagnosisCodes: string[];
  observations: { code: string; value: number; unit: string }[];
  labResults?: LabResultInput[];
}

export interface RankedEvidence {
  kind: KbFinding['kind'];
  label: string;
  weight: number;
  matched: string;
}

export interface RankedCondition {
  condition: RankableCondition;
  score: number;
  evidence: RankedEvidence[];
}

/** A condition needs this much weight, from at least two findings, before it is worth showing. */
export const MIN_SCORE = 3;
export const MIN_FINDINGS = 2;
export const MAX_CONSIDERATIONS = 10;

const NEGATIONS = new Set(['no', 'not', 'denies', 'denied', 'without', 'nor', 'negative']);

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9/.]+/g, ' ')
    .trim()} `;
}

/** Finds a term as whole words; a negation among the three words before it cancels that mention. */
export function findTerm(normalisedText: string, term: string): boolean {
  return findNeedle(normalisedText, needleOf(term));
}

function needleOf(term: string): string {
  return ` ${normalise(term).trim()} `;
}

/**
 * A symptom finding's terms as needles, normalised once per knowledge-base entry: the entries are
 * the reference cache's own objects, the same on every panel, and normalising every term of every
 * entry again was a tenth of the panel's CPU (issue 11).
 */
const symptomNeedles = new WeakMap<KbFinding, string[]>();

function needlesOf(finding: Extract<KbFinding, { kind: 'symptom' }>): string[] {
  let needles = symptomNeedles.get(finding);
  if (!needles) {
    needles = finding.terms.map(needleOf);
    symptomNeedles.set(finding, needles);
  }
  return needles;
}

function findNeedle(normalisedText: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = normalisedText.indexOf(needle, from);
    if (at < 0) return false;
    const before = normalisedText.slice(0, at).trim().split(' ').slice(-3);
    if (!before.some((word) => NEGATIONS.has(word))) return true;
    from = at + 1;
  }
}

function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

function formatValue(value: number, unit: string): string {
  return `${Number.isInteger(value) ? value : value.toFixed(2).replace(/0+$/, '')} ${unit}`;
}

function matchFinding(
  finding: KbFinding,
  text: string,
  evidence: EncounterEvidence,
  measured: Map<string, { value: number; unit: string }[]>,
): string | null {
  switch (finding.kind) {
    case 'symptom': {
      const at = needlesOf(finding).findIndex((needle) => findNeedle(text, needle));
      return at < 0 ? null : finding.terms[at]!;
    }
    case 'diagnosis':
      return evidence.diagnosisCodes.find((code) => code.toUpperCase().startsWith(finding.icd10Prefix)) ?? null;
    case 'observation': {
      const hit = (measured.get(finding.loinc) ?? []).find(
        (m) => m.unit === finding.unit && compare(m.value, finding.comparator, finding.value),
      );
      return hit ? formatValue(hit.value, hit.unit) : null;
    }
  }
}

/**
 * Ranks the conditions to consider for an encounter: each finding of an entry that the evidence
 * shows adds its weight; an entry is kept with at least MIN_SCORE from MIN_FINDINGS findings and a
 * source (an entry without one is never offered, whatever the database says). Highest score first,
 * then the larger share of the entry's own weight, then the name. Pure: same input, same list.
 */
export function rankConditions(conditions: readonly RankableCondition[], evidence: EncounterEvidence): RankedCondition[] {
  const text = normalise(evidence.texts.join(' . '));
  const measured = new Map<string, { value: number; unit: string }[]>();
  for (const m of [
    ...evidence.observations,
    ...(evidence.labResults ?? []).map((l) => ({ code: l.loinc, value: l.value, unit: l.unit })),
  ]) {
    measured.set(m.code, [...(measured.get(m.code) ?? []), { value: m.value, unit: m.unit }]);
  }
  const ranked: { entry: RankedCondition; share: number }[] = [];
  for (const condition of conditions) {
    if (condition.sourceTitle.trim() === '') continue;
    const found: RankedEvidence[] = [];
    for (const finding of condition.findings) {
      const matched = matchFinding(finding, text, evidence, measured);
      if (matched !== null) found.push({ kind: finding.kind, label: finding.label, weight: finding.weight, matched });
    }
    const score = found.reduce((sum, f) => sum + f.weight, 0);
    if (score < MIN_SCORE || found.length < MIN_FINDINGS) continue;
    const total = condition.findings.reduce((sum, f) => sum + f.weight, 0);
    found.sort((a, b) => b.weight - a.weight);
    ranked.push({ entry: { condition, score, evidence: found }, share: score / total });
  }
  ranked.sort(
    (a, b) => b.entry.score - a.entry.score || b.share - a.share || a.entry.condition.name.localeCompare(b.entry.condition.name, 'en'),
  );
  return ranked.slice(0, MAX_CONSIDERATIONS).map((r) => r.entry);
}

/** Guidelines whose ICD-10 prefixes or LOINC codes appear in the encounter, with what showed them. */
export function matchGuidelines<G extends { icd10Prefixes: string[]; loincCodes: string[] }>(
  guidelines: readonly G[],
  evidence: EncounterEvidence,
): { guideline: G; matchedBy: string }[] {
  const codes = new Set([...evidence.observations.map((o) => o.code), ...(evidence.labResults ?? []).map((l) => l.loinc)]);
  const out: { guideline: G; matchedBy: string }[] = [];
  for (const guideline of guidelines) {
    const diagnosis = evidence.diagnosisCodes.find((code) => guideline.icd10Prefixes.some((p) => code.toUpperCase().startsWith(p)));
    const loinc = guideline.loincCodes.find((code) => codes.has(code));
    const matchedBy = diagnosis ?? loinc;
    if (matchedBy) out.push({ guideline, matchedBy });
  }
  return out;
}
