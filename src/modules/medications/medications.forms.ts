import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { DOSE_FORMS, MAX_INGREDIENTS, PRODUCT_TAGS, ROUTES } from './medications.vocabulary.js';

/**
 * The product form posts strings: up to MAX_INGREDIENTS rows of `ingredientN` (an ingredient name
 * as the catalogue spells it, or its RxCUI), `strengthN` and `unitN`. This schema reads the rows;
 * the page resolves each ingredient to an RxCUI, then the API's schema validates the product, so
 * both go through one service with the same rules.
 */
const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const productFormSchema = z.object({
  name: z.string().optional(),
  doseForm: z.enum(DOSE_FORMS).optional(),
  route: z.enum(ROUTES).optional(),
  onFormulary: z
    .literal('true')
    .optional()
    .transform((v) => v === 'true'),
  tags: repeated.pipe(z.array(z.enum(PRODUCT_TAGS))),
});

export interface IngredientRow {
  index: number;
  ingredient: string;
  strength: string | undefined;
  unit: string | undefined;
}

/** The ingredient rows the person filled (a row with only a strength or unit is kept: it needs an ingredient). */
export function ingredientRowsOf(values: Record<string, unknown>): IngredientRow[] {
  const str = (key: string) => (typeof values[key] === 'string' ? values[key] : undefined);
  const rows: IngredientRow[] = [];
  for (let index = 0; index < MAX_INGREDIENTS; index++) {
    const ingredient = str(`ingredient${index}`);
    const strength = str(`strength${index}`);
    const unit = str(`unit${index}`);
    if (ingredient === undefined && strength === undefined && unit === undefined) continue;
    rows.push({ index, ingredient: ingredient ?? '', strength, unit });
  }
  return rows;
}

/**
 * An API error path (`ingredients.1.strength.value`) as the form field it came from (`strength1`),
 * given the form row index of each ingredient position.
 */
export function formFieldOf(path: string, rowIndexes: number[]): string {
  const match = /^ingredients\.(\d+)\.(rxcui|strength)(?:\.(value|unit))?/.exec(path);
  if (!match) return path === 'ingredients' ? 'ingredient0' : path;
  const row = rowIndexes[Number(match[1])] ?? 0;
  if (match[2] === 'rxcui') return `ingredient${row}`;
  return match[3] === 'unit' ? `unit${row}` : `strength${row}`;
}

export function toFormErrors(errors: FieldError[], rowIndexes: number[]): FieldError[] {
  return errors.map((e) => ({ ...e, path: formFieldOf(e.path, rowIndexes) }));
}
