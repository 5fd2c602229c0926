import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { Alert } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** Small pieces every laboratory page writes the same way. */

/** A time in the viewer's zone (the page names the zone), or a dash. */
export const when = (ctx: PageContext, d: Date | null) => (d ? formatZonedDateTime(ctx.locale, d, ctx.timeZone) : '—');

/** A patient as the laboratory lists them: name and MRN. */
export const patientLabel = (p: { givenName: string; familyName: string; mrn: string }) => `${p.givenName} ${p.familyName} (${p.mrn})`;

/** Whether the viewer's role holds a permission (which actions a page offers; the routes decide). */
export const may = (ctx: PageContext, permission: Parameters<typeof roleHasPermission>[1]) =>
  ctx.actor !== null && roleHasPermission(ctx.actor.role, permission);

/** The alert for a form sent back: a conflict (changed meanwhile) or invalid input. */
export const problemMessage = (ctx: PageContext, problem: string | undefined) =>
  problem ? <Alert kind="danger">{ctx.t(problem === 'conflict' ? 'labs.problem_conflict' : 'labs.problem_invalid')}</Alert> : null;
