import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { registerConstraintMessages } from '../../../platform/db/constraint-errors.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../../platform/errors.js';
import { assertVersion, decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import type { CreateProductInput, ProductDto, ProductListQuery, UpdateProductInput } from '../medications.schemas.js';
import {
  findProduct,
  findProductIngredients,
  insertProduct,
  listProductChoices,
  listProducts,
  replaceProductIngredients,
  searchProducts,
  updateProductRow,
} from '../medications.repository.js';
import type { MedicationProductRow } from '../medications.tables.js';
import { ingredientsByRxcui, normaliseSearchTerm } from './ingredients.service.js';
import { toProductDto } from './product-view.js';

registerConstraintMessages({
  medication_products_name_key: 'A product with this name is already in the formulary. Open it and change it instead.',
});

/**
 * The hospital formulary: pharmacists and administrators create and change products (the route
 * permission `medications.formulary.manage`); clinical staff read them. Every write is one
 * transaction with its audit row (category administration: no patient data).
 */

/** Every RxCUI must be in the catalogue: 422 naming the field of each one that is not. */
async function assertIngredientsKnown(db: Db, ingredients: { rxcui: string }[]): Promise<void> {
  const known = await ingredientsByRxcui(
    db,
    ingredients.map((i) => i.rxcui),
  );
  const errors = ingredients.flatMap((item, index) =>
    known.has(item.rxcui)
      ? []
      : [{ path: `ingredients.${index}.rxcui`, message: `RxCUI ${item.rxcui} is not in the ingredient catalogue.` }],
  );
  if (errors.length > 0) throw new AppError('unprocessable', 'An ingredient is not in the catalogue.', { errors });
}

async function productDto(db: Db, row: MedicationProductRow): Promise<ProductDto> {
  return toProductDto(row, await findProductIngredients(db, [row.id]));
}

/** Adds a product to the formulary. */
export async function createProduct(db: Db, ctx: ServiceContext, input: CreateProductInput): Promise<ProductDto> {
  await assertIngredientsKnown(db, input.ingredients);
  const row = await db.transaction(async (tx) => {
    const product = await insertProduct(tx, {
      name: input.name,
      doseForm: input.doseForm,
      route: input.route,
      onFormulary: input.onFormulary,
      tags: [...input.tags].sort(),
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await replaceProductIngredients(tx, product.id, input.ingredients);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'medication_product.create',
        resourceType: 'medication_product',
        resourceId: product.id,
        category: 'administration',
        detail: { rxcuis: input.ingredients.map((i) => i.rxcui), onFormulary: input.onFormulary, tags: product.tags },
      },
      ctx.now,
    );
    return product;
  });
  return productDto(db, row);
}

/**
 * Changes a product (only the fields sent). `expectedVersion` (If-Match, or the form's hidden
 * version) guards against overwriting someone else's change: 412 when it is stale. Tag changes
 * are audited with before and after, since the safety checks read them.
 */
export async function updateProduct(
  db: Db,
  ctx: ServiceContext,
  productId: string,
  patch: UpdateProductInput,
  expectedVersion: number | undefined,
): Promise<ProductDto> {
  if (patch.ingredients) await assertIngredientsKnown(db, patch.ingredients);
  await db.transaction(async (tx) => {
    const current = await findProduct(tx, productId, { forUpdate: true });
    if (!current) throw notFound('The product');
    assertVersion(current.version, expectedVersion);
    const tags = patch.tags ? [...patch.tags].sort() : undefined;
    await updateProductRow(tx, productId, {
      name: patch.name,
      doseForm: patch.doseForm,
      route: patch.route,
      onFormulary: patch.onFormulary,
      tags,
      updatedBy: ctx.actor.userId,
      updatedAt: ctx.now,
    });
    if (patch.ingredients) await replaceProductIngredients(tx, productId, patch.ingredients);
    const tagChange = tags && tags.join() !== current.tags.join() ? { tagsBefore: current.tags, tagsAfter: tags } : {};
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'medication_product.update',
        resourceType: 'medication_product',
        resourceId: productId,
        category: 'administration',
        severity: 'tagsBefore' in tagChange ? 'medium' : 'low',
        detail: { changed: Object.keys(patch).sort(), fromVersion: current.version, ...tagChange },
      },
      ctx.now,
    );
  });
  return getProduct(db, productId);
}

/** One product, or 404. */
export async function getProduct(db: Db, productId: string): Promise<ProductDto> {
  const row = await findProduct(db, productId);
  if (!row) throw notFound('The product');
  return productDto(db, row);
}

/** Every product (up to 500) as a choice for a form's select, in name order. */
export async function listFormularyChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return listProductChoices(db, 500);
}

/**
 * The formulary: with `query`, products whose name or ingredient matches, ranked, at most `limit`
 * and no further page; without, every product in name order, a page at a time. Two statements
 * either way (the products, then their ingredients).
 */
export async function listFormulary(db: Db, query: ProductListQuery): Promise<{ items: ProductDto[]; nextCursor: string | null }> {
  const onFormulary = query.onFormulary === undefined ? undefined : query.onFormulary === 'true';
  let rows: MedicationProductRow[];
  let nextCursor: string | null = null;
  if (query.query) {
    const { phrase, words } = normaliseSearchTerm(query.query);
    rows = await searchProducts(db, phrase, words, { onFormulary, limit: query.limit });
  } else {
    const cursor = decodeCursor(query.cursor);
    const after = cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string' ? { name: cursor[0], id: cursor[1] } : undefined;
    if (cursor && !after) throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
    const page = await listProducts(db, { onFormulary, after, limit: query.limit + 1 });
    if (page.length > query.limit) {
      const last = page[query.limit - 1]!;
      nextCursor = encodeCursor([last.sortName, last.id]);
    }
    rows = page.slice(0, query.limit);
  }
  const ingredients = await findProductIngredients(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((row) => toProductDto(row, ingredients)), nextCursor };
}
