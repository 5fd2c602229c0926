import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import { medicationProductIngredients, medicationProducts } from './medications.tables.js';
import type { DoseForm, ProductTag, Route, StrengthUnit } from './medications.vocabulary.js';
import type { Frequency } from './prescriptions.frequency.js';
import { prescriptions } from './prescriptions.tables.js';
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

export interface SeedPrescription {
  patientId: string;
  prescriberUserId: string;
  productName: string;
  dose: { value: number; unit: string };
  frequency: Frequency;
  instructions: string;
  signedAt: Date;
}

/**
 * Writes signed prescriptions straight to the table (a data loader, like the formulary above: no
 * checks, no audit), naming formulary products by name. The demo's list is chosen so that the
 * signing checks would raise nothing among them (docs/demo.md).
 */
export async function seedSignedPrescriptions(tx: Db, prescriptionsToSeed: SeedPrescription[]): Promise<void> {
  if (prescriptionsToSeed.length === 0) return;
  const names = [...new Set(prescriptionsToSeed.map((p) => p.productName))];
  const products = await tx
    .select({ id: medicationProducts.id, name: medicationProducts.name, route: medicationProducts.route })
    .from(medicationProducts)
    .where(inArray(medicationProducts.name, names));
  const byName = new Map(products.map((p) => [p.name, p]));
  await tx.insert(prescriptions).values(
    prescriptionsToSeed.map((p) => {
      const product = byName.get(p.productName);
      if (!product) throw new Error(`seed: no formulary product named ${p.productName}`);
      return {
        patientId: p.patientId,
        prescriberId: p.prescriberUserId,
        productId: product.id,
        doseValue: p.dose.value,
        doseUnit: p.dose.unit,
        route: product.route,
        frequency: p.frequency,
        startsAt: p.signedAt,
        instructions: p.instructions,
        status: 'signed' as const,
        signedAt: p.signedAt,
        createdAt: p.signedAt,
        updatedAt: p.signedAt,
      };
    }),
  );
}
