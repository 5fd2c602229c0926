import type { ProductDto } from '../medications.schemas.js';
import type { MedicationProductRow } from '../medications.tables.js';
import type { ProductIngredientView } from '../medications.repository.js';
import type { DoseForm, ProductTag, Route } from '../medications.vocabulary.js';

/** A product row and its ingredients as the API and the pages show them. */
export function toProductDto(row: MedicationProductRow, ingredients: ProductIngredientView[]): ProductDto {
  return {
    id: row.id,
    name: row.name,
    ingredients: ingredients
      .filter((i) => i.productId === row.id)
      .map((i) => ({ rxcui: i.rxcui, name: i.name, strength: { value: Number(i.strengthValue), unit: i.strengthUnit } })),
    doseForm: row.doseForm as DoseForm,
    route: row.route as Route,
    onFormulary: row.onFormulary,
    tags: row.tags as ProductTag[],
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
