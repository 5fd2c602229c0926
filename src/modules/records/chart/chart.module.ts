import type { FastifyInstance } from 'fastify';
import { registerChartPages } from './chart.pages.js';
import { registerHealthRecordApi } from '../health-record/health-record.api.js';
import { registerHealthRecordPages } from '../health-record/health-record.pages.js';

/** The chart, "my patients", "my health record" and its PDF (the CHART part of the records module). */
export function registerChartModule(app: FastifyInstance): void {
  registerHealthRecordApi(app);
  registerChartPages(app);
  registerHealthRecordPages(app);
}
