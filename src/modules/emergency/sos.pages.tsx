import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { serviceContext } from '../../platform/http/context.js';
import { translator } from '../../platform/i18n/i18n.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { requireDispatchStaff } from './services/emergency-access.js';
import { emergencySettings } from './services/emergency-settings.js';
import { CrewPage } from './views/crew-page.js';
import { DispatchPage } from './views/dispatch-page.js';
import { INCIDENT_SUBJECTS } from './emergency.vocabulary.js';
import { currentOwnIncident, raiseIncident } from './services/raise-incident.service.js';
import { SosPage } from './views/sos-page.js';

const page = { hide: true } as const;

/**
 * The SOS form as a browser without script sends it. `callKey` is the idempotency key made when the
 * page was rendered: sending the same page again updates the same open call. No position without
 * script, so without an address the call goes out as "call me back" (as sos.js does).
 */
const sosForm = z.object({
  subject: z.enum(INCIDENT_SUBJECTS).default('self'),
  note: z.string().max(500).optional(),
  address: z.string().max(300).optional(),
  callBack: z.string().optional(),
  callKey: z.uuid().optional(),
});
const sosQuery = z.object({ call: z.uuid().optional() }).passthrough();

/**
 * The page with the patient's call as the server knows it: an open call, or the call named by
 * `?call=` (where the form's answer points) even once closed, so a page without script sees it close.
 */
async function renderSos(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const named = sosQuery.safeParse(request.query).data?.call;
  const current = await currentOwnIncident(db, ctx);
  const t = translator(request.locale);
  const incident = current && (current.status !== 'closed' || current.id === named) ? current : null;
  return sendPage(
    reply,
    <SosPage
      ctx={pageContext(request, reply)}
      emergencyNumber={emergencySettings().emergencyNumber}
      incident={incident}
      now={ctx.now}
      callKey={crypto.randomUUID()}
      state={
        failure && { ...failure, errors: failure.errors.map((e) => (e.path === 'note' ? { ...e, message: t('sos.note_too_long') } : e)) }
      }
    />,
    failure?.status ?? 200,
  );
}

/**
 * The emergency pages (docs/emergency.md): the patient's SOS button, the dispatch board and the
 * crew's phone page. Each is a shell: its script (assets/) reads and changes everything through
 * the JSON API, which checks the relationship and audits each view, and re-reads on the live
 * events that /assets/live.js re-dispatches (carewell:emergency.*).
 */
export function registerSosPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/portal/emergency', { config: { permission: 'emergency.sos' }, schema: page }, async (request, reply) =>
    renderSos(db, request, reply),
  );
  // The SOS without script: the same service as the API, then 303 to the page showing the call.
  app.post('/portal/emergency', { config: { permission: 'emergency.sos' }, schema: page }, async (request, reply) =>
    handleForm(
      request,
      reply,
      sosForm,
      async (form) => {
        const address = form.address || undefined;
        const { incident } = await raiseIncident(
          db,
          serviceContext(request),
          { subject: form.subject, note: form.note || undefined, address, callBack: form.callBack !== undefined || !address },
          form.callKey ?? crypto.randomUUID(),
        );
        return `/portal/emergency?call=${incident.id}`;
      },
      (failure) => renderSos(db, request, reply, failure),
    ),
  );

  app.get('/staff/dispatch', { config: { permission: 'emergency.dispatch' }, schema: page }, async (request, reply) => {
    await requireDispatchStaff(db, serviceContext(request));
    const settings = emergencySettings();
    return sendPage(
      reply,
      <DispatchPage ctx={pageContext(request, reply)} emergencyNumber={settings.emergencyNumber} tileUrl={settings.mapTileUrl} />,
    );
  });

  app.get('/crew', { config: { permission: 'emergency.crew' }, schema: page }, async (request, reply) =>
    sendPage(reply, <CrewPage ctx={pageContext(request, reply)} emergencyNumber={emergencySettings().emergencyNumber} />),
  );
}
