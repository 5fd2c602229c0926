import { readFileSync } from 'node:fs';

/**
 * The curated "what clinicians mean" list (reference/icd10-preferred.tsv, source and choices in its
 * header): a term or abbreviation ("htn", "type 2 diabetes") → the code(s) listed first. Read once.
 */
export interface PreferredEntry {
  term: string;
  code: string;
}

/** The same normalisation for the terms and the search box: lower case, words joined by one space. */
export function normaliseTerm(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

export function parsePreferred(text: string): PreferredEntry[] {
  const entries: PreferredEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('term\t')) continue;
    const [term, code] = line.split('\t').map((cell) => cell.trim());
    if (!term || !code) throw new Error(`icd10-preferred.tsv: bad line "${line}"`);
    entries.push({ term: normaliseTerm(term), code: code.toUpperCase() });
  }
  return entries;
}

let cached: Map<string, string[]> | undefined;

/** term → codes in file order. */
export function preferredTerms(): Map<string, string[]> {
  if (cached) return cached;
  const text = readFileSync(new URL('../reference/icd10-preferred.tsv', import.meta.url), 'utf8');
  const map = new Map<string, string[]>();
  for (const { term, code } of parsePreferred(text)) {
    const codes = map.get(term) ?? [];
    if (!codes.includes(code)) codes.push(code);
    map.set(term, codes);
  }
  cached = map;
  return map;
}

/** Shortest query that also matches terms it begins ("asth" → asthma); shorter ones match whole terms only. */
const PREFIX_MIN = 4;
const PREFIX_PICKS = 3;

/**
 * The preferred codes for a query: an exact term first, then (while typing) the terms the query
 * begins, shortest term first, at most a few, so the list still shows what the words match.
 */
export function preferredCodes(query: string): string[] {
  const phrase = normaliseTerm(query);
  if (!phrase) return [];
  const terms = preferredTerms();
  const codes = [...(terms.get(phrase) ?? [])];
  if (phrase.length >= PREFIX_MIN) {
    const started = [...terms.keys()]
      .filter((term) => term !== phrase && term.startsWith(phrase))
      .sort((a, b) => a.length - b.length || a.localeCompare(b));
    let picked = 0;
    for (const term of started) {
      for (const code of terms.get(term)!) {
        if (picked < PREFIX_PICKS && !codes.includes(code)) {
          codes.push(code);
          picked += 1;
        }
      }
    }
  }
  return codes;
}
