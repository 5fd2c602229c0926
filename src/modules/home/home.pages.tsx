import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { serviceContext, userActor } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { isDispatchStaff } from '../emergency/index.js';
import { PortalHomePage } from '../patients/index.js';
import { findStaffById, redirectPatient, StaffHomePage, staffHomeLinks } from '../staff/index.js';
import { loadPatientHome } from './services/patient-home.service.js';
import { loadStaffWorklist } from './services/staff-home.service.js';
import { PatientWorklist } from './views/patient-worklist.js';
import { StaffWorklists } from './views/staff-worklists.js';

const page = { hide: true } as const;

/** The two home pages: the patient's portal and the staff home, each with the role's worklist. */
export function registerHomePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/portal', { config: { permission: 'patients.read' }, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
    const home = await loadPatientHome(db, ctx, ctx.actor.patientId);
    const pctx = pageContext(request, reply);
    return sendPage(
      reply,
      <PortalHomePage ctx={pctx} patient={home.record.patient}>
        <PatientWorklist ctx={pctx} home={home} />
      </PortalHomePage>,
    );
  });

  app.get('/staff', { config: { permission: 'staff.directory' }, schema: page }, async (request, reply) => {
    if (redirectPatient(request, reply)) return reply;
    const actor = userActor(request);
    const ctx = serviceContext(request);
    const member = actor.staffId ? await findStaffById(db, actor.staffId) : undefined;
    const worklist = await loadStaffWorklist(db, ctx);
    // The dispatch board: the dispatcher flag, or a doctor or nurse of the emergency department (docs/emergency.md).
    const dispatch = (await isDispatchStaff(db, actor))
      ? [{ href: '/staff/dispatch', labelKey: 'sos.dispatch_title', hintKey: 'sos.dispatch_link_hint' }]
      : [];
    const notice = (request.query as Record<string, unknown>).photo;
    const pctx = pageContext(request, reply);
    return sendPage(
      reply,
      <StaffHomePage
        ctx={pctx}
        name={member?.name ?? actor.email}
        role={actor.role}
        links={[...dispatch, ...staffHomeLinks(actor)]}
        photo={member ? { staffId: member.id, name: member.name, photoUrl: member.photoUrl } : undefined}
        photoNotice={notice === 'saved' || notice === 'removed' ? notice : undefined}
      >
        <StaffWorklists ctx={pctx} now={ctx.now} worklist={worklist} privacyOfficer={actor.flags.privacyOfficer === true} />
      </StaffHomePage>,
    );
  });
}
