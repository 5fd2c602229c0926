import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, auditValues, preparedAuditInsert } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, preparedReadWithWrites } from '../../../../platform/db/read-together.js';
import { statementsByShape } from '../../../../platform/db/statements-by-shape.js';
import { validationFailed } from '../../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../../platform/http/api-helpers.js';
import { selectAppointments, shownAppointmentsByPatient, type AppointmentRow } from '../appointments.repository.js';
import type { Appointment, ListAppointmentsQuery } from '../appointments.schemas.js';
import { toAppointment } from './appointment-access.service.js';
import { listScope } from './appointments-query.service.js';

/** A page of appointments (the API's list, the portal's appointments and home), audited per patient shown. */

function cursorOf(cursor: string | undefined): { startsAt: Date; id: string } | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [startsAt, id] = values;
  if (values.length !== 2 || typeof startsAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(startsAt))) {
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  }
  return { startsAt: new Date(startsAt), id };
}

/**
 * A page of appointments, filtered and in keyset order. One audit row per patient on the page
 * (so each patient's access log shows the listing), written from the page's rows in the same
 * statement as the read: one round trip, no transaction. The statement is built once per shape
 * (which filters are given, the scope, a cursor or not: `listStatement`).
 */
export async function listAppointments(
  db: Db,
  ctx: ServiceContext,
  query: ListAppointmentsQuery,
): Promise<{ items: Appointment[]; nextCursor: string | null }> {
  const scope = await listScope(db, ctx, query);
  const after = cursorOf(query.cursor);
  const shape: ListShape = {
    patientId: scope.patientId !== undefined,
    staffId: scope.staffId !== undefined,
    from: query.from !== undefined,
    to: query.to !== undefined,
    status: query.status !== undefined,
    scope: query.scope ?? null,
    after: after !== undefined,
  };
  const entry = { action: 'appointment.list', resourceType: 'appointment', resourceId: null, category: scope.access.view };
  const rows = await listStatement(shape)(db, {
    ...auditValues(auditActorOf(ctx.actor), ctx.origin, entry, ctx.now),
    patientId: scope.patientId,
    staffId: scope.staffId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    status: query.status,
    afterStartsAt: after?.startsAt,
    afterId: after?.id,
    now: ctx.now,
    take: query.limit + 1,
    shown: query.limit,
    tier: scope.access.tier,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toAppointment(row, scope.access.view)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.startsAt.toISOString(), last.id]) : null,
  };
}

/** What a list's statement is built from: which filters are given, the scope, a cursor or not. */
interface ListShape {
  patientId: boolean;
  staffId: boolean;
  from: boolean;
  to: boolean;
  status: boolean;
  scope: 'upcoming' | 'past' | null;
  after: boolean;
}

/** At most 2⁶ × 3 shapes, each built on its first use. */
const statementFor = statementsByShape<(db: Db, values: Record<string, unknown>) => Promise<AppointmentRow[]>>();

/** The page read (one row more than shown, to tell that more follow) with its audit rows, built once per shape. */
function listStatement(shape: ListShape) {
  return statementFor(JSON.stringify(shape), () =>
    preparedReadWithWrites<string, AppointmentRow[]>((db, param) => ({
      read: deferRead(
        selectAppointments(db, {
          ...(shape.patientId ? { patientId: param('patientId') } : {}),
          ...(shape.staffId ? { staffId: param('staffId') } : {}),
          ...(shape.from ? { from: param('from') } : {}),
          ...(shape.to ? { to: param('to') } : {}),
          ...(shape.status ? { status: param('status') } : {}),
          ...(shape.scope ? { scope: shape.scope } : {}),
          ...(shape.after ? { after: { startsAt: param('afterStartsAt'), id: param('afterId') } } : {}),
          now: param('now'),
          limit: param('take'),
        }),
        (found): AppointmentRow[] => found,
      ),
      // One audit row per patient on the page, written from the page's own rows in the same statement.
      writes: (found) => {
        const shown = shownAppointmentsByPatient(found, param('shown'), param('tier'));
        return [preparedAuditInsert(param, shown.from, shown)];
      },
    })),
  );
}
