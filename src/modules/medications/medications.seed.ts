import type { Db } from '../../platform/db/database.js';
import { medicationProductIngredients, medicationProducts } from './medications.tables.js';
import type { DoseForm, ProductTag, Route, StrengthUnit } from './medications.vocabulary.js';
import { loadIngredientsIfEmpty } from './services/ingredients-loader.service.js';

export interface SeedProduct {
  name: string;
  doseForm: DoseForm;
  route: Route;
  ingredients: [rxcui: string, value: number, unit: StrengthUnit][];
  onFormulary?: boolean;
  tags?: ProductTag[];
}

/**
 * Writes formulary products straight to the tables (a data loader, like the demo seed: no access
 * check, no audit), after loading the ingredient catalogue they refer to. Two statements for the
 * whole list.
 */
export async function seedFormularyProducts(tx: Db, now: Date, userId: string, products: SeedProduct[]): Promise<number> {
  await loadIngredientsIfEmpty(tx);
  if (products.length === 0) return 0;
  const rows = await tx
    .insert(medicationProducts)
    .values(
      products.map((p) => ({
        name: p.name,
        doseForm: p.doseForm,
        route: p.route,
        onFormulary: p.onFormulary ?? true,
        tags: p.tags ?? [],
        createdBy: userId,
        updatedBy: userId,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: medicationProducts.id, name: medicationProducts.name });
  const idByName = new Map(rows.map((r) => [r.name, r.id]));
  await tx.insert(medicationProductIngredients).values(
    products.flatMap((p) =>
      p.ingredients.map(([rxcui, value, unit], position) => ({
        productId: idByName.get(p.name)!,
        rxcui,
        position,
        strengthValue: value,
        strengthUnit: unit,
      })),
    ),
  );
  return rows.length;
}
