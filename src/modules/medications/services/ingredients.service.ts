import type { Db } from '../../../platform/db/database.js';
import type { IngredientDto } from '../medications.schemas.js';
import { findIngredientsByExactName, findIngredientsByRxcui, searchIngredientNames } from '../medications.repository.js';
import { ensureIngredientsLoaded } from './ingredients-loader.service.js';

/**
 * A search term as the queries use it: lower case, single spaces, at most 100 characters and 6
 * distinct words (each word is one LIKE in the statement: the bound keeps the statement small).
 */
export function normaliseSearchTerm(query: string): { phrase: string; words: string[] } {
  const phrase = query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);
  const words = [...new Set(phrase.split(' ').filter(Boolean))].slice(0, 6);
  return { phrase, words };
}

/** How many name rows are read to fill `limit` ingredients (several names may share one RxCUI). */
const CANDIDATES_PER_RESULT = 4;

/**
 * Ranked ingredient search over every name of the catalogue (display names, synonyms, salts):
 * exact name, then names starting with the term, then names whose words start with the term's
 * words, then trigram closeness. One statement, served by an index, at most limit × 4 rows read
 * back; one result per RxCUI.
 */
export async function searchIngredients(db: Db, query: string, limit: number): Promise<IngredientDto[]> {
  const { phrase, words } = normaliseSearchTerm(query);
  if (phrase.length < 2) return [];
  await ensureIngredientsLoaded(db);
  const hits = await searchIngredientNames(db, phrase, words, limit * CANDIDATES_PER_RESULT);
  const results: IngredientDto[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (seen.has(hit.rxcui)) continue;
    seen.add(hit.rxcui);
    results.push({ rxcui: hit.rxcui, name: hit.name, matchedName: hit.matchedName === hit.name ? null : hit.matchedName });
    if (results.length === limit) break;
  }
  return results;
}

/** The catalogue entries of these RxCUIs (those that exist), by RxCUI. */
export async function ingredientsByRxcui(db: Db, rxcuis: string[]): Promise<Map<string, string>> {
  await ensureIngredientsLoaded(db);
  return new Map((await findIngredientsByRxcui(db, [...new Set(rxcuis)])).map((row) => [row.rxcui, row.name]));
}

/**
 * What a typed ingredient (an RxCUI, or a name as the catalogue spells it) stands for: one RxCUI,
 * several (a name two RxCUIs share, e.g. "heparin"), or none. The HTML form uses it; the API takes RxCUIs.
 */
export async function resolveIngredientText(db: Db, texts: string[]): Promise<Map<string, { rxcui: string; name: string }[]>> {
  await ensureIngredientsLoaded(db);
  const numeric = texts.filter((t) => /^[0-9]{1,10}$/.test(t.trim()));
  const names = texts.filter((t) => !numeric.includes(t)).map((t) => normaliseSearchTerm(t).phrase);
  const byRxcui = await findIngredientsByRxcui(
    db,
    numeric.map((t) => t.trim()),
  );
  const byName = await findIngredientsByExactName(db, names);
  const result = new Map<string, { rxcui: string; name: string }[]>();
  for (const text of texts) {
    const trimmed = text.trim();
    if (numeric.includes(text)) {
      result.set(
        text,
        byRxcui.filter((r) => r.rxcui === trimmed),
      );
    } else {
      const phrase = normaliseSearchTerm(text).phrase;
      const found = new Map(byName.filter((r) => r.matchedName === phrase).map((r) => [r.rxcui, { rxcui: r.rxcui, name: r.name }]));
      result.set(text, [...found.values()]);
    }
  }
  return result;
}
