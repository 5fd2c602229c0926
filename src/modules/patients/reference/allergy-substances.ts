import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface AllergySubstance {
  rxcui: string;
  name: string;
}

/**
 * The allergy substance reference list (RxNorm ingredients, see NOTICE.md), shipped with the code
 * and loaded into memory once, at first use (~20k names, ~2 MB).
 */
let substances: AllergySubstance[] | undefined;
let byRxcui: Map<string, AllergySubstance> | undefined;
let byName: Map<string, AllergySubstance> | undefined;

function load(): AllergySubstance[] {
  if (substances) return substances;
  const text = gunzipSync(readFileSync(new URL('./allergy-substances.tsv.gz', import.meta.url))).toString('utf8');
  const list: AllergySubstance[] = [];
  for (const line of text.split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab > 0) list.push({ rxcui: line.slice(0, tab), name: line.slice(tab + 1) });
  }
  substances = list;
  // Several names may share an RxCUI (systematic names, spellings): the shortest is the common one.
  byRxcui = new Map();
  for (const s of list) {
    const known = byRxcui.get(s.rxcui);
    if (!known || s.name.length < known.name.length) byRxcui.set(s.rxcui, s);
  }
  byName = new Map(list.map((s) => [s.name, s]));
  return list;
}

/** Up to `limit` substances: names starting with the query first, then names containing it. */
export function searchAllergySubstances(query: string, limit = 20): AllergySubstance[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const prefix: AllergySubstance[] = [];
  const contains: AllergySubstance[] = [];
  for (const s of load()) {
    if (s.name.startsWith(needle)) {
      prefix.push(s);
      if (prefix.length >= limit) break;
    } else if (contains.length < limit && s.name.includes(needle)) {
      contains.push(s);
    }
  }
  return [...prefix, ...contains].slice(0, limit);
}

export function findAllergySubstanceByRxcui(rxcui: string): AllergySubstance | undefined {
  load();
  return byRxcui!.get(rxcui);
}

/** Exact (case-insensitive) name match, so free text typed in a form still gets its code. */
export function findAllergySubstanceByName(name: string): AllergySubstance | undefined {
  load();
  return byName!.get(name.trim().toLowerCase());
}
