import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { exportHealthRecordPdf } from './services/health-record.service.js';

const tags = ['Clinical record'];

/** Sends the record as a PDF attachment (never cached, never sniffed). */
export async function sendHealthRecordPdf(db: Db, ctx: ServiceContext, patientId: string, reply: FastifyReply) {
  const file = await exportHealthRecordPdf(db, ctx, patientId);
  noStore(reply);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.body));
}

export function registerHealthRecordApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/patients/:id/health-record.pdf',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "The patient's health record as a PDF attachment: the patient themself or their care team only (audited as an export)",
        params: z.object({ id: z.uuid() }),
        // Buffers are sent as they are (never serialized); the schema documents the body.
        response: { 200: z.string().describe('application/pdf') },
      },
    },
    async (request, reply) => sendHealthRecordPdf(db, serviceContext(request), request.params.id, reply),
  );
}
