import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { parseForm } from '../../../platform/http/forms.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { findStaffById } from '../../staff/index.js';
import { appointmentNames, localWindow, requireStaff, todayIn, zoneOf } from '../booking/booking-support.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { changeAppointmentStatus } from '../appointments/services/appointment-status.service.js';
import { listRooms } from '../availability/services/availability.service.js';
import { addDays, isoWeekday, localDateOf } from '../../../platform/time/zoned-time.js';
import { viewAppointments } from '../appointments/services/appointments-query.service.js';
import { NOTICES } from './views/calendar-parts.js';
import { CalendarPage } from './views/calendar-page.js';

const calendarQuery = z.object({
  date: z.iso.date().optional(),
  view: z.enum(['day', 'week']).default('day'),
  staffId: z.uuid().optional(),
  notice: z.enum(NOTICES).optional(),
});

const statusForm = z.object({
  action: z.enum(['check_in', 'complete', 'no_show']),
  back: z.enum(['calendar', 'schedule']).default('calendar'),
  date: z.iso.date().optional(),
  view: z.enum(['day', 'week']).optional(),
  staffId: z.uuid().optional(),
  department: z.uuid().optional(),
  specialty: z.uuid().optional(),
});

/**
 * The clinician's calendar (`/staff/calendar?date=&view=day|week`, their own; administrators and
 * the front desk may name `staffId`) and the visit-status actions the calendar and the schedule
 * board share (`POST /staff/appointments/{id}/status`).
 */
export function registerCalendarPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/calendar',
    { config: { permission: 'appointments.read' }, schema: { hide: true, querystring: calendarQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      requireStaff(ctx);
      const query = request.query as z.infer<typeof calendarQuery>;
      const staffId = query.staffId ?? ctx.actor.staffId;
      if (!staffId) throw new AppError('not_found', 'You have no staff profile, so there is no calendar to show.');
      const clinician = await findStaffById(db, staffId);
      if (!clinician) throw notFound('The staff member');
      const zone = zoneOf(ctx.actor);
      const today = todayIn(ctx.now, zone);
      const date = query.date ?? today;
      const first = query.view === 'week' ? addDays(date, 1 - isoWeekday(date)) : date;
      const length = query.view === 'week' ? 7 : 1;
      const window = localWindow(first, length, zone);
      // One access decision and one audit insert (a row per patient shown) for the whole view.
      const { appointments, patients } = await viewAppointments(db, ctx, { staffId, ...window }, 'calendar');
      const [names, rooms] = await Promise.all([appointmentNames(db, appointments), listRooms(db)]);
      const days = Array.from({ length }, (_, i) => addDays(first, i)).map((day) => ({
        date: day,
        appointments: appointments.filter((a) => localDateOf(a.startsAt, zone) === day),
      }));
      return sendPage(
        reply,
        <CalendarPage
          ctx={pageContext(request, reply)}
          view={query.view}
          date={date}
          days={days}
          zone={zone}
          clinicianName={clinician.title ? `${clinician.title} ${clinician.name}` : clinician.name}
          staffId={staffId}
          patients={patients}
          names={names}
          rooms={new Map(rooms.map((r) => [r.id, r.name]))}
          now={ctx.now}
          joinOpensMinutes={app.deps.config.telemedicine.joinOpensMinutes}
          canManage={roleHasPermission(ctx.actor.role, 'appointments.manage')}
          prevDate={addDays(date, -length)}
          nextDate={addDays(date, length)}
          today={today}
          notice={query.notice}
        />,
      );
    },
  );

  app.post(
    '/staff/appointments/:id/status',
    { config: { permission: 'appointments.manage' }, schema: { hide: true, params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const parsed = parseForm(statusForm, request.body);
      if (!parsed.ok)
        throw new AppError('validation_failed', 'Use the buttons on the calendar or the schedule board.', { errors: parsed.errors });
      const form = parsed.data;
      let notice: (typeof NOTICES)[number] = `done_${form.action}`;
      try {
        await changeAppointmentStatus(db, ctx, (request.params as { id: string }).id, form.action, { hooks: appointmentHooksOf(app.deps) });
      } catch (error) {
        if (!(error instanceof AppError) || (error.status !== 409 && error.status !== 422)) throw error;
        notice = error.status === 409 ? 'refused_conflict' : 'refused_early';
      }
      const params = new URLSearchParams();
      if (form.date) params.set('date', form.date);
      if (form.back === 'calendar') {
        if (form.view) params.set('view', form.view);
        if (form.staffId) params.set('staffId', form.staffId);
      } else {
        if (form.department) params.set('department', form.department);
        if (form.specialty) params.set('specialty', form.specialty);
      }
      params.set('notice', notice);
      return reply.redirect(`/staff/${form.back}?${params.toString()}`, 303);
    },
  );
}
