import { translator } from '../../../../platform/i18n/i18n.js';
import { serveWorkerTasks } from '../../../../platform/workers/serve-tasks.js';
import { buildHealthRecordPdf } from './health-record-pdf.service.js';
import type { HealthRecordPdfTask } from './health-record-pdf.pool.js';

// Runs in a worker thread (health-record-pdf.pool.ts): the layout never blocks the server's event loop.
serveWorkerTasks<HealthRecordPdfTask, { bytes: Uint8Array; pages: number }>(async ({ record, locale, timeZone, now, printedBy }) => {
  const { bytes, pages } = await buildHealthRecordPdf(record, { t: translator(locale), locale, timeZone, now, printedBy });
  return { value: { bytes, pages }, transfer: [bytes.buffer as ArrayBuffer] };
});
