import { z } from 'zod';
import { DOSE_FORMS, MAX_INGREDIENTS, PRODUCT_TAGS, ROUTES, STRENGTH_UNITS } from './medications.vocabulary.js';

/**
 * Request and response schemas of the formulary and the ingredient catalogue. Search terms are
 * bounded (2 to 100 characters, at most 50 results): a one-letter term would match most of the
 * catalogue, and on the embedded database a long query blocks every request.
 */
export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_RESULTS = 50;

const searchTerm = z.string().trim().min(SEARCH_MIN_LENGTH, `Type at least ${SEARCH_MIN_LENGTH} characters.`).max(100);

export const rxcuiSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{1,10}$/, 'An RxCUI is a number, such as 11289.');

export const ingredientQuerySchema = z.object({
  query: searchTerm,
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_RESULTS).default(20),
});

export const ingredientSchema = z.object({
  rxcui: z.string(),
  name: z.string(),
  /** The name that matched the search when it is not the display name (a synonym or salt). */
  matchedName: z.string().nullable(),
});
export type IngredientDto = z.infer<typeof ingredientSchema>;

export const strengthSchema = z.strictObject({
  value: z.number().positive().max(1_000_000_000).multipleOf(0.0001),
  unit: z.enum(STRENGTH_UNITS, { error: `Use a UCUM unit: ${STRENGTH_UNITS.join(', ')}.` }),
});

export const productIngredientInputSchema = z.strictObject({
  rxcui: rxcuiSchema,
  strength: strengthSchema,
});

const productName = z.string().trim().min(2).max(200);
const tagsSchema = z
  .array(z.enum(PRODUCT_TAGS))
  .max(PRODUCT_TAGS.length)
  .refine((tags) => new Set(tags).size === tags.length, 'A tag appears twice.');
const ingredientsSchema = z
  .array(productIngredientInputSchema)
  .min(1, 'A product has at least one ingredient.')
  .max(MAX_INGREDIENTS)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.rxcui)) ctx.addIssue({ code: 'custom', path: [index, 'rxcui'], message: 'This ingredient is listed twice.' });
      seen.add(item.rxcui);
    });
  });

export const createProductBodySchema = z.strictObject({
  name: productName,
  ingredients: ingredientsSchema,
  doseForm: z.enum(DOSE_FORMS),
  route: z.enum(ROUTES),
  onFormulary: z.boolean().default(true),
  tags: tagsSchema.default([]),
});
export type CreateProductInput = z.infer<typeof createProductBodySchema>;

export const updateProductBodySchema = z
  .strictObject({
    name: productName,
    ingredients: ingredientsSchema,
    doseForm: z.enum(DOSE_FORMS),
    route: z.enum(ROUTES),
    onFormulary: z.boolean(),
    tags: tagsSchema,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change.');
export type UpdateProductInput = z.infer<typeof updateProductBodySchema>;

export const productParamsSchema = z.object({ id: z.uuid() });

export const productListQuerySchema = z.object({
  /** Name or ingredient; when given, results are ranked and not paged (at most `limit`). */
  query: searchTerm.optional(),
  onFormulary: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_RESULTS).default(20),
  cursor: z.string().max(200).optional(),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const productSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ingredients: z.array(
    z.object({
      rxcui: z.string(),
      name: z.string(),
      strength: z.object({ value: z.number(), unit: z.string() }),
    }),
  ),
  doseForm: z.enum(DOSE_FORMS),
  route: z.enum(ROUTES),
  onFormulary: z.boolean(),
  tags: z.array(z.enum(PRODUCT_TAGS)),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ProductDto = z.infer<typeof productSchema>;

export const productListSchema = z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() });
export const ingredientListSchema = z.object({ items: z.array(ingredientSchema) });
