import type { FastifyInstance } from 'fastify';
import { registerDocumentAssets } from './documents-assets.js';
import { registerDocumentsApi } from './documents.api.js';
import { registerDocumentsPages } from './documents.pages.js';
import { chartSources } from '../chart/services/chart-sources.js';
import { documentsSection } from './services/documents.service.js';

/** Documents: API, pages, the PDF viewer's assets, and the chart's documents section. */
export function registerDocuments(app: FastifyInstance): void {
  registerDocumentsApi(app);
  registerDocumentsPages(app);
  registerDocumentAssets(app);
  chartSources.documents = (tx, audited) => documentsSection(tx, audited);
}
