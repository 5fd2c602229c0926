import { sql } from 'drizzle-orm';
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
 * Descriptions containing every word (trigram GIN index on lower(description) serves the LIKEs),
 * ranked by how closely the whole phrase matches (word_similarity), billable codes first among
 * equals, then the general codes ("without complications", "unspecified"), then shorter titles.
 */
export async function searchIcd10ByWords(db: Db, phrase: string, words: string[], limit: number): Promise<Icd10Row[]> {
  const likes = words.map((w) => sql`lower(${icd10Codes.description}) like ${`%${w.replace(/[%_\\]/g, '')}%`}`);
  return db
    .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
    .from(icd10Codes)
    .where(sql.join(likes, sql` and `))
    .orderBy(
      sql`word_similarity(${phrase}, lower(${icd10Codes.description})) desc`,
      sql`${icd10Codes.billable} desc`,
      sql`(lower(${icd10Codes.description}) like '%without complications%' or lower(${icd10Codes.description}) like '%unspecified%') desc`,
      sql`length(${icd10Codes.description})`,
      icd10Codes.code,
    )
    .limit(limit);
}

/** Typo-tolerant fallback when no title holds every word: trigram similarity to the phrase. */
export async function searchIcd10BySimilarity(db: Db, phrase: string, limit: number): Promise<Icd10Row[]> {
  return db
    .select({ code: icd10Codes.code, description: icd10Codes.description, billable: icd10Codes.billable })
    .from(icd10Codes)
    .where(sql`${phrase} <% lower(${icd10Codes.description})`)
    .orderBy(
      sql`word_similarity(${phrase}, lower(${icd10Codes.description})) desc`,
      sql`length(${icd10Codes.description})`,
      icd10Codes.code,
    )
    .limit(limit);
}
