import { sql } from 'drizzle-orm';
import { boolean, check, index, numeric, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, updatedAt, version } from '../../platform/db/columns.js';
import { DOSE_FORMS, PRODUCT_TAGS, ROUTES, STRENGTH_UNITS, sqlList } from './medications.vocabulary.js';

/**
 * The medicine ingredient catalogue (reference data, no PHI): RxNorm ingredients by RxCUI, loaded
 * from the shipped reference/rxnorm-ingredients-2014.tsv.gz when empty (services/ingredients-loader.service.ts).
 * `name` is the display name; every known name (synonyms, salts spelled out) is in
 * medication_ingredient_names for search.
 */
export const medicationIngredients = pgTable('medication_ingredients', {
  rxcui: text('rxcui').primaryKey(),
  name: text('name').notNull(),
});

/** Every name of an ingredient, lower case: the trigram index serves "contains", the B-tree prefix search. */
export const medicationIngredientNames = pgTable(
  'medication_ingredient_names',
  {
    rxcui: text('rxcui')
      .notNull()
      .references(() => medicationIngredients.rxcui),
    name: text('name').notNull(),
    /** The ingredient's display name (ranks before a synonym in search). */
    preferred: boolean('preferred').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.rxcui, t.name] }),
    index('medication_ingredient_names_prefix_idx').using('btree', sql`${t.name} text_pattern_ops`),
    index('medication_ingredient_names_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/**
 * A product of the hospital formulary: what a prescription names and the pharmacy dispenses.
 * Pharmacists and administrators maintain it; every change is audited and bumps `version`.
 * `on_formulary` false keeps a product known (outside medicines, history) but not stocked.
 */
export const medicationProducts = pgTable(
  'medication_products',
  {
    id: id(),
    name: text('name').notNull(),
    doseForm: text('dose_form').notNull(),
    route: text('route').notNull(),
    onFormulary: boolean('on_formulary').notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    version: version(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('medication_products_name_key').on(sql`lower(${t.name})`),
    index('medication_products_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    check('medication_products_name_check', sql`length(btrim(${t.name})) between 2 and 200`),
    check('medication_products_dose_form_check', sql`${t.doseForm} in (${sql.raw(sqlList(DOSE_FORMS))})`),
    check('medication_products_route_check', sql`${t.route} in (${sql.raw(sqlList(ROUTES))})`),
    check('medication_products_tags_check', sql`${t.tags} <@ array[${sql.raw(sqlList(PRODUCT_TAGS))}]::text[]`),
  ],
);

/** The ingredients of a product with their strength (UCUM unit), in label order. */
export const medicationProductIngredients = pgTable(
  'medication_product_ingredients',
  {
    productId: uuid('product_id')
      .notNull()
      .references(() => medicationProducts.id, { onDelete: 'cascade' }),
    rxcui: text('rxcui')
      .notNull()
      .references(() => medicationIngredients.rxcui),
    position: smallint('position').notNull(),
    strengthValue: numeric('strength_value', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    strengthUnit: text('strength_unit').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.rxcui] }),
    uniqueIndex('medication_product_ingredients_position_key').on(t.productId, t.position),
    index('medication_product_ingredients_rxcui_idx').on(t.rxcui),
    check('medication_product_ingredients_strength_check', sql`${t.strengthValue} > 0`),
    check('medication_product_ingredients_unit_check', sql`${t.strengthUnit} in (${sql.raw(sqlList(STRENGTH_UNITS))})`),
  ],
);

export type MedicationProductRow = typeof medicationProducts.$inferSelect;
export type ProductIngredientRow = typeof medicationProductIngredients.$inferSelect;
