import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userActor } from '../../platform/http/context.js';
import { normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { listDepartments, listSpecialties, listStaffDirectory } from './services/staff-directory.service.js';
import { staffDirectoryQuerySchema } from './staff.schemas.js';
import { StaffDirectoryPage, type DirectoryFilters } from './views/staff-directory.js';
import type { QuickLink } from './views/staff-home.js';

/** Patients hold the directory permission for booking, but their home is the portal. */
export function redirectPatient(request: FastifyRequest, reply: FastifyReply): boolean {
  if (userActor(request).role !== 'patient') return false;
  void reply.redirect('/portal', 303);
  return true;
}

/**
 * The places a staff member works in, for their home (the route is the home module's: the
 * worklists above these links read other modules).
 */
export function staffHomeLinks(actor: { role: string; flags: { privacyOfficer?: boolean } }): QuickLink[] {
  const links: QuickLink[] = [];
  if (actor.role !== 'inventory_manager')
    links.push({ href: '/staff/patients', labelKey: 'staff.link_patients', hintKey: 'staff.link_patients_hint' });
  if (actor.role === 'billing' || actor.role === 'admin')
    links.push({ href: '/staff/billing', labelKey: 'staff.link_billing', hintKey: 'staff.link_billing_hint' });
  if (actor.role === 'doctor' || actor.role === 'nurse')
    links.push({ href: '/staff/patient-messages', labelKey: 'staff.link_patient_messages', hintKey: 'staff.link_patient_messages_hint' });
  links.push({ href: '/staff/directory', labelKey: 'staff.link_directory', hintKey: 'staff.link_directory_hint' });
  if (actor.role === 'paramedic') links.push({ href: '/crew', labelKey: 'sos.crew_title', hintKey: 'sos.crew_link_hint' });
  if (actor.flags.privacyOfficer)
    links.push({ href: '/staff/privacy-reviews', labelKey: 'staff.link_privacy_reviews', hintKey: 'staff.link_privacy_reviews_hint' });
  if (actor.role === 'admin') links.push({ href: '/admin/staff', labelKey: 'staff.link_admin', hintKey: 'staff.link_admin_hint' });
  links.push({ href: '/account', labelKey: 'staff.link_account', hintKey: 'staff.link_account_hint' });
  return links;
}

export function registerStaffPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/staff/directory', { config: { permission: 'staff.directory' }, schema: { hide: true } }, async (request, reply) => {
    if (redirectPatient(request, reply)) return reply;
    const raw = normaliseForm(request.query);
    const filters: DirectoryFilters = {
      query: raw.query as string | undefined,
      department: raw.department as string | undefined,
      specialty: raw.specialty as string | undefined,
      language: raw.language as string | undefined,
      role: raw.role as string | undefined,
    };
    const [departments, specialties] = await Promise.all([listDepartments(db), listSpecialties(db)]);
    const parsed = staffDirectoryQuerySchema.safeParse(raw);
    const ctx = pageContext(request, reply);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message }));
      return sendPage(
        reply,
        <StaffDirectoryPage
          ctx={ctx}
          filters={filters}
          errors={errors}
          departments={departments}
          specialties={specialties}
          items={[]}
          nextHref={null}
        />,
        400,
      );
    }
    const page = await listStaffDirectory(db, parsed.data);
    const next = page.nextCursor ? new URLSearchParams({ ...definedOnly(filters), cursor: page.nextCursor }) : null;
    return sendPage(
      reply,
      <StaffDirectoryPage
        ctx={ctx}
        filters={filters}
        errors={[]}
        departments={departments}
        specialties={specialties}
        items={page.items}
        nextHref={next ? `/staff/directory?${next.toString()}` : null}
      />,
    );
  });
}

function definedOnly(values: DirectoryFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
