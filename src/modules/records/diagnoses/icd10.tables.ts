import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The ICD-10-CM code list (reference data, no PHI), loaded from the shipped
 * reference/icd10cm-2021.tsv.gz when empty (services/icd10-loader.service.ts).
 * `code` is dotted (E11.9); `compact_code` is the same without the dot (E119) for prefix search.
 */
export const icd10Codes = pgTable(
  'icd10_codes',
  {
    code: text('code').primaryKey(),
    compactCode: text('compact_code').notNull(),
    description: text('description').notNull(),
    billable: boolean('billable').notNull(),
  },
  (t) => [
    index('icd10_codes_compact_idx').using('btree', sql`${t.compactCode} text_pattern_ops`),
    index('icd10_codes_description_trgm_idx').using('gin', sql`lower(${t.description}) gin_trgm_ops`),
  ],
);
