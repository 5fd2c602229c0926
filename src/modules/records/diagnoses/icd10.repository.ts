import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { icd10Codes } from './icd10.tables.js';

/** SQL for the ICD-10-CM code list (reference data: no patient data, no audit). */

export interface Icd10Row {
  code: string;
  description: string;
  billable: boolean;
}

export async function findIcd10Code(db: Db, code: string): Promise<Icd10Row | undefined> {
  const compact = code.trim().toUpperCase().replace('.', '');
  const rows = await db
    .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
    .from(icd10Codes)
    .where(sql`${icd10Codes.compactCode} = ${compact}`)
    .limit(1);
  return rows[0];
}

/** Several codes at once (the curated preferred codes), in no particular order. */
export async function findIcd10Codes(db: Db, codes: string[]): Promise<Icd10Row[]> {
  if (codes.length === 0) return [];
  return db
    .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
    .from(icd10Codes)
    .where(inArray(icd10Codes.code, codes));
}

/** Codes starting with the compact prefix (E11 → E11, E11.0, …), shortest then tabular order. */
export async function searchIcd10ByCodePrefix(db: Db, compactPrefix: string, limit: number): Promise<Icd10Row[]> {
  const pattern = `${compactPrefix.replace(/[%_\\]/g, '')}%`;
  return db
    .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
    .from(icd10Codes)
    .where(sql`${icd10Codes.compactCode} like ${pattern}`)
    .orderBy(sql`length(${icd10Codes.compactCode})`, icd10Codes.compactCode)
    .limit(limit);
}

/**
 * How many titles holding every word are ranked at most. A broad word ("fracture", "left") matches
 * thousands of titles and ranking each (a regular expression per word, word similarity) took
 * seconds — on PGlite, seconds of the server's only thread. The shortest titles are the general
 * codes the ranking puts first anyway, so the ranking runs on the shortest few hundred.
 */
export const RANKED_CANDIDATES = 400;

/**
 * Descriptions containing every word (trigram GIN index on lower(description) serves the LIKEs), ranked:
 * the title that is the query itself, titles where every word starts a word ("gout" before
 * "ragout"-like inner matches), titles starting with the query, then how closely the whole phrase
 * matches (word_similarity); among equals billable codes, the general codes ("without
 * complications", "unspecified"), shorter codes (less specific), then shorter titles.
 */
export async function searchIcd10ByWords(db: Db, phrase: string, words: string[], limit: number): Promise<Icd10Row[]> {
  const clean = (w: string) => w.replace(/[%_\\]/g, '');
  const lowered = sql`lower(${icd10Codes.description})`;
  const likes = words.map((w) => sql`${lowered} like ${`%${clean(w)}%`}`);
  const candidates = db
    .select({
      code: icd10Codes.code,
      description: icd10Codes.description,
      billable: icd10Codes.billable,
      compactCode: icd10Codes.compactCode,
      title: sql<string>`${lowered}`.as('title'),
    })
    .from(icd10Codes)
    .where(sql.join(likes, sql` and `))
    .orderBy(sql`length(${icd10Codes.description})`, icd10Codes.code)
    .limit(RANKED_CANDIDATES)
    .as('candidates');
  const title = sql`${candidates.title}`;
  // words hold letters and digits only (normaliseIcd10Query), so they are safe inside a regular expression
  const wordStarts = words.map((w) => sql`${title} ~ ${`\\m${clean(w)}`}`);
  return db
    .select({ code: candidates.code, description: candidates.description, billable: candidates.billable })
    .from(candidates)
    .orderBy(
      sql`(${title} = ${phrase} or ${title} like ${`${clean(phrase)}, unspecified%`}) desc`,
      sql`(${sql.join(wordStarts, sql` and `)}) desc`,
      sql`(${title} like ${`${clean(phrase)}%`}) desc`,
      sql`word_similarity(${phrase}, ${title}) desc`,
      sql`${candidates.billable} desc`,
      sql`(${title} like '%without complications%' or ${title} like '%unspecified%') desc`,
      sql`length(${candidates.compactCode})`,
      sql`length(${candidates.description})`,
      candidates.code,
    )
    .limit(limit);
}

/** pg_trgm's default word-similarity threshold, which this fallback was tuned with. */
const SIMILARITY_FALLBACK_THRESHOLD = 0.6;

/** Typo-tolerant fallback when no title holds every word: trigram similarity to the phrase. */
export async function searchIcd10BySimilarity(db: Db, phrase: string, limit: number): Promise<Icd10Row[]> {
  return (
    db
      .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
      .from(icd10Codes)
      // `<%` (the index) at the connections' threshold (0.3, see database.ts), then the fallback's own bar.
      .where(
        sql`${phrase} <% lower(${icd10Codes.description}) and word_similarity(${phrase}, lower(${icd10Codes.description})) >= ${SIMILARITY_FALLBACK_THRESHOLD}`,
      )
      .orderBy(
        sql`word_similarity(${phrase}, lower(${icd10Codes.description})) desc`,
        sql`length(${icd10Codes.description})`,
        icd10Codes.code,
      )
      .limit(limit)
  );
}
