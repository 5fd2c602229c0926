import type { FastifyInstance } from 'fastify';
import { noStore } from '../../platform/http/api-helpers.js';
import { registerImagingApi } from './imaging.api.js';
import { registerImagingAssets } from './imaging-assets.js';
import { registerImagingPages } from './imaging.pages.js';

// What other modules may import (docs/architecture.md, docs/imaging.md); every other file here is private.
export { IMAGING_MODALITIES, IMAGING_ORDER_STATUSES, IMAGING_PRIORITIES, IMAGING_REPORT_STATUSES } from './imaging.vocabulary.js';
/** Tables, for test fixtures. */
export { imagingInstances, imagingOrders, imagingReportAddenda, imagingReports } from './imaging.tables.js';

/** Radiology: orders, the worklist, DICOM studies and the radiologist's report. */
export async function registerImagingModule(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      noStore(reply);
      return payload;
    });
    registerImagingApi(scope);
    registerImagingPages(scope);
  });
  // Outside the no-store scope: the viewer's script files are cached (docs/imaging.md).
  registerImagingAssets(app);
}
/** A generated DICOM image: for tests and the browser test (no sample file is downloaded). */
export { makeImagingDicom, sampleSlicePixels, type SampleCompressedPixels } from './imaging-sample-dicom.js';
