import type { FastifyInstance } from 'fastify';
import { registerPatientMedicinesApi } from './patient-medicines.api.js';
import { registerPatientMedicinesPages } from './patient-medicines.pages.js';

/** The patient's medicines (portal), prescription PDFs and their public verification, renewal requests. */
export function registerPatientMedicines(app: FastifyInstance): void {
  registerPatientMedicinesApi(app);
  registerPatientMedicinesPages(app);
}
