import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { notFound } from '../../../platform/errors.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { sendHealthRecordPdf } from './health-record.api.js';
import { getHealthRecord } from './services/health-record.service.js';
import { HealthRecordPage } from './views/health-record-page.js';

/** The patient's own "my health record" page and its PDF copy. Staff have no portal record (404). */
export function registerHealthRecordPages(app: FastifyInstance): void {
  const { db } = app.deps;

  const own = (request: FastifyRequest): { ctx: ServiceContext; patientId: string } => {
    const ctx = serviceContext(request);
    if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your health record');
    return { ctx, patientId: ctx.actor.patientId };
  };

  app.get('/portal/health-record', { config: { permission: 'records.read' }, schema: { hide: true } }, async (request, reply) => {
    const { ctx, patientId } = own(request);
    const record = await getHealthRecord(db, ctx, patientId);
    noStore(reply);
    return sendPage(reply, <HealthRecordPage ctx={pageContext(request, reply)} record={record} />);
  });

  app.get('/portal/health-record.pdf', { config: { permission: 'records.read' }, schema: { hide: true } }, async (request, reply) => {
    const { ctx, patientId } = own(request);
    return sendHealthRecordPdf(db, ctx, patientId, reply);
  });
}
