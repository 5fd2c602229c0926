import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { readAllergies } from '../../patients/index.js';
import type { SigningFacts } from '../checks/signing-checks.js';
import { findProductIngredients } from '../medications.repository.js';
import { findActiveMedicines, findProductsForChecks } from '../prescriptions.repository.js';
import type { PrescriptionRow } from '../prescriptions.tables.js';
import { RXNORM_EDITION } from './ingredients-loader.service.js';

/**
 * Reads what the signing checks need, with the caller's handle (inside the signing transaction,
 * after the patient's lock): the candidate product, every active medicine of the patient except
 * the candidate and the one it replaces, their ingredients and tags, and the allergies. Four
 * statements whatever the number of medicines.
 */
export async function readSigningFacts(
  tx: Db,
  audited: AuditedAccess,
  draft: Pick<PrescriptionRow, 'id' | 'productId' | 'replacesId'>,
  allergyStatus: string,
): Promise<SigningFacts> {
  const actives = await findActiveMedicines(tx, audited, [draft.id, ...(draft.replacesId ? [draft.replacesId] : [])]);
  const productIds = [...new Set([draft.productId, ...actives.map((a) => a.productId)])];
  const products = await findProductsForChecks(tx, [draft.productId]);
  const ingredients = await findProductIngredients(tx, productIds);
  const allergies = await readAllergies(tx, audited);
  const ingredientsOf = (productId: string) =>
    ingredients.filter((i) => i.productId === productId).map((i) => ({ rxcui: i.rxcui, name: i.name }));
  const product = products[0]!;
  return {
    candidate: { name: product.name, ingredients: ingredientsOf(product.id), tags: product.tags },
    actives: actives.map((a) => ({ id: a.id, name: a.productName, ingredients: ingredientsOf(a.productId), tags: a.tags })),
    allergyStatus,
    allergies: allergies.map((a) => ({ id: a.id, substance: a.substance, rxcui: a.rxcui, status: a.status })),
    codesEdition: RXNORM_EDITION,
  };
}
