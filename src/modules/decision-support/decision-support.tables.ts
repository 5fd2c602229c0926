import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import type { KbDiscriminator, KbFinding } from './decision-support.schemas.js';
import type { GuidelineOrigin, ReviewStatus } from './decision-support.vocabulary.js';

/**
 * The knowledge base: one condition to consider, the findings that raise it (with weights), what
 * helps tell it apart, and the public source it was written from. The source is required by the
 * database (nothing is ever suggested without one); approval names a doctor and a time.
 */
export const dsConditions = pgTable(
  'ds_conditions',
  {
    id: id(),
    /** Stable key of a shipped entry (the loader's identity); hospital entries get their own. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    summary: text('summary').notNull(),
    icd10Code: text('icd10_code'),
    findings: jsonb('findings').$type<KbFinding[]>().notNull(),
    discriminators: jsonb('discriminators').$type<KbDiscriminator[]>().notNull(),
    sourceTitle: text('source_title').notNull(),
    sourceUrl: text('source_url'),
    reviewStatus: text('review_status').$type<ReviewStatus>().notNull(),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: instant('approved_at'),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ds_conditions_key').on(t.key),
    index('ds_conditions_name_idx').on(t.name, t.id),
    check('ds_conditions_source_check', sql`length(btrim(${t.sourceTitle})) > 0`),
    check('ds_conditions_review_status_check', sql`${t.reviewStatus} in ('unreviewed','reference','approved')`),
    check(
      'ds_conditions_approval_check',
      sql`(${t.reviewStatus} = 'approved') = (${t.approvedBy} is not null and ${t.approvedAt} is not null)`,
    ),
    check('ds_conditions_findings_check', sql`jsonb_typeof(${t.findings}) = 'array' and jsonb_array_length(${t.findings}) > 0`),
    check('ds_conditions_discriminators_check', sql`jsonb_typeof(${t.discriminators}) = 'array'`),
  ],
);

/**
 * The guideline library: short summaries in our own words with their citation, shown in the
 * encounter when one of its ICD-10 prefixes or LOINC codes is present; hospitals add protocols.
 */
export const dsGuidelines = pgTable(
  'ds_guidelines',
  {
    id: id(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    sourceTitle: text('source_title').notNull(),
    sourceUrl: text('source_url'),
    origin: text('origin').$type<GuidelineOrigin>().notNull(),
    icd10Prefixes: text('icd10_prefixes').array().notNull(),
    loincCodes: text('loinc_codes').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ds_guidelines_key').on(t.key),
    index('ds_guidelines_title_idx').on(t.title, t.id),
    check('ds_guidelines_source_check', sql`length(btrim(${t.sourceTitle})) > 0`),
    check('ds_guidelines_origin_check', sql`${t.origin} in ('shipped','hospital')`),
    check('ds_guidelines_trigger_check', sql`cardinality(${t.icd10Prefixes}) + cardinality(${t.loincCodes}) > 0`),
  ],
);
