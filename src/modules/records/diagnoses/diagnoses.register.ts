import type { FastifyInstance } from 'fastify';
import { registerDiagnosesApi } from './diagnoses.api.js';
import { registerDiagnosisPages } from './diagnoses.pages.js';
import { chartSources } from '../chart/services/chart-sources.js';
import { diagnosesSection } from './services/diagnoses.service.js';

/** Diagnoses, ICD-10-CM, procedures and the history timeline: API, pages, and the chart's sections. */
export function registerDiagnoses(app: FastifyInstance): void {
  chartSources.diagnoses = (tx, audited) => diagnosesSection(tx, audited);
  registerDiagnosesApi(app);
  registerDiagnosisPages(app);
}
