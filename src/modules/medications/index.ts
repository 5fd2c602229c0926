import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerMedicationsApi } from './medications.api.js';
import { registerMedicationPages } from './medications.pages.js';
import { registerPatientMedicines } from './patient/patient-medicines.register.js';
import { registerPrescriptionsApi } from './prescriptions.api.js';
import { registerPrescriptionPages } from './prescriptions.pages.js';
import { registerPrescriptionCompletion } from './prescription-completion.register.js';
import { registerDoses } from './doses/doses.register.js';
import { registerPharmacy } from './pharmacy/pharmacy.register.js';
import { registerReconciliation } from './reconciliation/reconciliation.register.js';

/**
 * Medications (issue 12), first slice: the RxNorm ingredient catalogue and the hospital formulary.
 * Prescribing, the safety checks, pharmacy and the patient's medicines build on these.
 */
export async function registerMedicationsModule(app: FastifyInstance): Promise<void> {
  registerMedicationsApi(app);
  registerMedicationPages(app);
  registerPrescriptionCompletion(app);
  await app.register(async (scope) => {
    // Prescriptions are patient data: never stored by browsers or proxies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerPrescriptionsApi(scope);
    registerPrescriptionPages(scope);
    registerDoses(scope);
    registerPatientMedicines(scope);
    registerPharmacy(scope);
    registerReconciliation(scope);
  });
}

// What other modules may import (docs/architecture.md); every other file of this folder is private.
/** Started by the server at boot; the test set-up loads the catalogue once into its template. */
export { loadIngredientsIfEmpty, preloadIngredients, RXNORM_EDITION } from './services/ingredients-loader.service.js';
/** The demo seed's formulary (a data loader: rows written directly, no audit). */
export { seedFormularyProducts, seedSignedPrescriptions, type SeedPrescription, type SeedProduct } from './medications.seed.js';
export { getProduct, listFormulary } from './services/formulary.service.js';
export type { ProductDto } from './medications.schemas.js';
export { PRODUCT_TAGS, type ProductTag } from './medications.vocabulary.js';
/** The ONC high-priority interaction rules (pure): the signing checks will call them. */
export { checkOncInteractions, ONC_EDITION, ONC_SOURCE, type DrugRef, type OncAlert } from './checks/onc-interactions.js';
export { checkVaInteractions, VA_EDITION, VA_SOURCE, type VaAlert, type VaSeverity } from './checks/va-interactions.js';
/** The prescriptions table (the demo seed's test reads its rows). */
export { prescriptions } from './prescriptions.tables.js';
/** For billing: a dispense recorded, in the dispensing transaction (docs/billing.md "Capture sources"). */
export { registerDispenseHook, type DispenseHook, type MedicineDispensed } from './pharmacy/services/dispense-hooks.js';
