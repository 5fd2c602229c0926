import type { Db } from '../../../../platform/db/database.js';
import {
  findIcd10Code,
  findIcd10Codes,
  searchIcd10ByCodePrefix,
  searchIcd10BySimilarity,
  searchIcd10ByWords,
  type Icd10Row,
} from '../icd10.repository.js';
import { ensureIcd10Loaded } from './icd10-loader.service.js';
import { preferredCodes } from './icd10-preferred.service.js';

export type Icd10Result = Icd10Row;

/** Something shaped like an ICD-10-CM code or its start: a letter, a digit, then code characters. */
const CODE_LIKE = /^[A-Za-z][0-9][0-9A-Za-z]{0,5}$/;

export function normaliseIcd10Query(query: string): { phrase: string; words: string[]; compact: string | null } {
  const phrase = query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);
  const compact = phrase.replace('.', '');
  const words = [...new Set(phrase.split(/[^\p{L}\p{N}]+/u).filter(Boolean))].slice(0, 8);
  return { phrase, words, compact: CODE_LIKE.test(compact) ? compact.toUpperCase() : null };
}

/**
 * Ranked ICD-10-CM search: the exact code first, then codes starting with the query; for words,
 * the curated preferred codes of the term typed (reference/icd10-preferred.tsv: "htn" → I10), then
 * titles holding every word (exact and word-start matches, billable and unspecified codes first);
 * a trigram similarity fallback when nothing matches. Every query is served by an index (the code
 * prefix B-tree, the primary key, the trigram GIN index) and ranks a bounded number of titles
 * (RANKED_CANDIDATES): no full scan per keystroke, however broad the word.
 */
export async function searchIcd10(db: Db, query: string, limit = 20): Promise<Icd10Result[]> {
  const { phrase, words, compact } = normaliseIcd10Query(query);
  if (!phrase || words.length === 0) return [];
  await ensureIcd10Loaded(db);
  const results: Icd10Result[] = [];
  const seen = new Set<string>();
  const add = (rows: Icd10Result[]) => {
    for (const row of rows) {
      if (results.length < limit && !seen.has(row.code)) {
        seen.add(row.code);
        results.push(row);
      }
    }
  };
  if (compact) add(await searchIcd10ByCodePrefix(db, compact, limit));
  const preferred = preferredCodes(phrase);
  if (preferred.length > 0) {
    const found = new Map((await findIcd10Codes(db, preferred)).map((row) => [row.code, row]));
    add(preferred.flatMap((code) => found.get(code) ?? []));
  }
  // A word of one or two letters has no trigram: the index cannot serve it, and alone it would scan
  // every title ("a", "of"). It narrows a search only next to a word the index can serve.
  const indexable = words.some((word) => word.length >= 3);
  if (results.length < limit && indexable) add(await searchIcd10ByWords(db, phrase, words, limit));
  if (results.length === 0 && phrase.length >= 3) add(await searchIcd10BySimilarity(db, phrase, limit));
  return results;
}

export async function findIcd10(db: Db, code: string): Promise<Icd10Result | undefined> {
  await ensureIcd10Loaded(db);
  return findIcd10Code(db, code);
}
