import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DrugRef } from './onc-interactions.js';

/**
 * The VA NDF-RT "VA Drug Interaction" pairs (July 2014 release, public domain), shipped in
 * reference/va-interactions-2014.tsv.gz (built by scripts/build-va-interactions.ts; salts widened
 * to their base ingredient there). Pure: the signing transaction (not built yet) will call it.
 * The source gives only the pair and a severity, never a consequence: alerts carry none.
 */
export const VA_SOURCE = 'va_ndfrt';
export const VA_EDITION = 'VA NDF-RT drug interactions (July 2014 release)';

export type VaSeverity = 'critical' | 'significant';

interface VaPair {
  a: ReadonlySet<string>;
  b: ReadonlySet<string>;
  severity: VaSeverity;
  /** The ingredient names as the source writes them. */
  drugA: string;
  drugB: string;
}

export function readVaPairs(): VaPair[] {
  const text = gunzipSync(readFileSync(new URL('../reference/va-interactions-2014.tsv.gz', import.meta.url))).toString('utf8');
  const pairs: VaPair[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [a, b, severity, drugA, drugB] = line.split('\t');
    if (!a || !b || !drugA || !drugB) continue;
    pairs.push({ a: new Set(a.split('|')), b: new Set(b.split('|')), severity: severity as VaSeverity, drugA, drugB });
  }
  return pairs;
}

/** Pairs by each RxCUI on either side: a check looks at the candidate's ingredients' pairs only. */
let index: Map<string, VaPair[]> | undefined;
function pairsOf(rxcui: string): VaPair[] {
  if (!index) {
    index = new Map();
    for (const pair of readVaPairs()) {
      for (const r of new Set([...pair.a, ...pair.b])) index.set(r, [...(index.get(r) ?? []), pair]);
    }
  }
  return index.get(rxcui) ?? [];
}

export interface VaAlert {
  source: typeof VA_SOURCE;
  sourceEdition: string;
  severity: VaSeverity;
  /** Both drugs, the one being prescribed first. */
  drugs: [candidate: string, other: string];
  /** The source's own pair (ingredient names) behind the alert. */
  sourcePair: [string, string];
  /** NDF-RT gives no consequence: the page says so instead of inventing one. */
  consequence: null;
}

const meets = (drug: DrugRef, side: ReadonlySet<string>) => drug.rxcuis.some((r) => side.has(r));

/**
 * One alert per other medicine that forms a listed pair with the candidate, at the highest
 * severity among the rows that match (the source lists some pairs twice, under salt names, with
 * different severities). Ingredients of one product are never checked against each other (the
 * source lists sulfamethoxazole + trimethoprim, sold together as co-trimoxazole, as critical).
 */
export function checkVaInteractions(candidate: DrugRef, others: readonly DrugRef[]): VaAlert[] {
  const candidatePairs = [...new Set(candidate.rxcuis.flatMap(pairsOf))];
  const alerts: VaAlert[] = [];
  for (const other of others) {
    let best: VaPair | undefined;
    for (const pair of candidatePairs) {
      const matches = (meets(candidate, pair.a) && meets(other, pair.b)) || (meets(candidate, pair.b) && meets(other, pair.a));
      if (matches && (!best || (best.severity === 'significant' && pair.severity === 'critical'))) best = pair;
    }
    if (best) {
      alerts.push({
        source: VA_SOURCE,
        sourceEdition: VA_EDITION,
        severity: best.severity,
        drugs: [candidate.name, other.name],
        sourcePair: [best.drugA, best.drugB],
        consequence: null,
      });
    }
  }
  return alerts;
}
