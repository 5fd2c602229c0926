import type { FastifyInstance } from 'fastify';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { requireDispatchStaff } from './services/emergency-access.js';
import { emergencySettings } from './services/emergency-settings.js';
import { CrewPage } from './views/crew-page.js';
import { DispatchPage } from './views/dispatch-page.js';
import { SosPage } from './views/sos-page.js';

const page = { hide: true } as const;

/**
 * The emergency pages (docs/emergency.md): the patient's SOS button, the dispatch board and the
 * crew's phone page. Each is a shell: its script (assets/) reads and changes everything through
 * the JSON API, which checks the relationship and audits each view, and re-reads on the live
 * events that /assets/live.js re-dispatches (carewell:emergency.*).
 */
export function registerSosPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/portal/emergency', { config: { permission: 'emergency.sos' }, schema: page }, async (request, reply) =>
    sendPage(reply, <SosPage ctx={pageContext(request, reply)} emergencyNumber={emergencySettings().emergencyNumber} />),
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
