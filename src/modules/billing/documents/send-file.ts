import type { FastifyReply } from 'fastify';
import { noStore } from '../../../platform/http/api-helpers.js';
import type { BillingFile } from './invoice-pdf.service.js';

/** A PDF or CSV as a download: never stored by browsers or proxies, named by numbers only. */
export function sendFile(reply: FastifyReply, file: BillingFile, type: 'application/pdf' | 'text/csv; charset=utf-8') {
  noStore(reply);
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.body));
}
