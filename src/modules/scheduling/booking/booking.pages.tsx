import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { expectedVersion } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { formVersion, parseForm } from '../../../platform/http/forms.js';
import { formRefusal, type FormRefusal } from '../../../platform/http/page-forms.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import {
  appointmentNames,
  bookFormSchema,
  bookedId,
  chosenSlotSchema,
  confirmQuery,
  findExactSlot,
  slotToConfirm,
  findSlotDays,
  formIdempotency,
  searchDates,
  slotSearchFormSchema,
  todayIn,
  zoneOf,
  type SlotSearchForm,
} from './booking-support.js';
import { searchChoices } from './booking-choices.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { getAppointment } from '../appointments/services/appointments-query.service.js';
import { listAppointments } from '../appointments/services/appointments-list.service.js';
import { bookAppointment } from '../appointments/services/book-appointment.service.js';
import { cancelAppointment } from '../appointments/services/cancel-appointment.service.js';
import { rescheduleAppointment } from '../appointments/services/reschedule-appointment.service.js';
import { ConfirmTimePage, FindTimePage } from './views/booking-find.js';
import { MyAppointmentsPage } from './views/booking-list.js';
import { formatWhen, refusalMessage, visitTypeName } from './views/booking-parts.js';
import { chooseFirstAvailable, firstAvailableReasons, firstAvailableWhySchema } from './first-available.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({ booked: z.uuid().optional(), rescheduled: z.uuid().optional(), cancelled: z.uuid().optional() });
/** Refusals a patient can act on (a taken time, the cut-off, a stale page): shown on the page. */
const RECOVERABLE = new Set([400, 409, 412, 422]);

type Refusal = FormRefusal;

function refusalOf(request: FastifyRequest, error: unknown): Refusal | undefined {
  return formRefusal(request, error, RECOVERABLE);
}

/** Only a patient has these pages (staff book from the schedule board). */
function own(request: FastifyRequest): ServiceContext {
  const ctx = serviceContext(request);
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
  return ctx;
}

/** The patient's own appointment pages: list, find and book, reschedule, cancel. They call the core services. */
export function registerBookingPages(app: FastifyInstance): void {
  registerAppointmentListPages(app);
  registerFindSlotPages(app);
  registerBookConfirmPages(app);
  registerReschedulePages(app);
}

/** The patient's appointments, and cancelling one. */
function registerAppointmentListPages(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const cancelCutoffHours = config.appointmentCancelCutoffHours;
  const hooks = () => appointmentHooksOf(app.deps);

  async function renderList(request: FastifyRequest, reply: FastifyReply, extra: { status?: number; message?: string } = {}) {
    const ctx = own(request);
    const query = request.query as z.infer<typeof listQuery>;
    const [upcoming, past] = [
      await listAppointments(db, ctx, { limit: 100, scope: 'upcoming' }),
      await listAppointments(db, ctx, { limit: 100, scope: 'past' }),
    ];
    const names = await appointmentNames(db, [...upcoming.items, ...past.items]);
    const notice = query.booked
      ? { kind: 'booked' as const, id: query.booked }
      : query.rescheduled
        ? { kind: 'rescheduled' as const, id: query.rescheduled }
        : query.cancelled
          ? { kind: 'cancelled' as const, id: query.cancelled }
          : undefined;
    return sendPage(
      reply,
      <MyAppointmentsPage
        ctx={pageContext(request, reply)}
        upcoming={upcoming.items.filter((a) => a.status !== 'cancelled')}
        past={past.items}
        cancelled={upcoming.items.filter((a) => a.status === 'cancelled').reverse()}
        names={names}
        zone={zoneOf(ctx.actor)}
        cutoffHours={cancelCutoffHours}
        joinOpensMinutes={config.telemedicine.joinOpensMinutes}
        now={ctx.now}
        notice={notice}
        message={extra.message}
      />,
      extra.status ?? 200,
    );
  }

  app.get(
    '/portal/appointments',
    { config: { permission: 'appointments.read' }, schema: { ...page, querystring: listQuery } },
    async (request, reply) => renderList(request, reply),
  );

  app.post(
    '/portal/appointments/:id/cancel',
    { config: { permission: 'appointments.book' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const ctx = own(request);
      const { id } = request.params as { id: string };
      try {
        await cancelAppointment(db, ctx, id, {}, { cancelCutoffHours, hooks: hooks() });
      } catch (error) {
        const refusal = refusalOf(request, error);
        if (!refusal) throw error;
        const message =
          (error as AppError).status === 422
            ? translator(request.locale)('scheduling.appts_cutoff_text', { hours: cancelCutoffHours })
            : refusal.message;
        return renderList(request, reply, { status: refusal.status, message });
      }
      return reply.redirect(`/portal/appointments?cancelled=${id}`, 303);
    },
  );
}

/** Find a free slot. */
function registerFindSlotPages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  // Find and book.
  async function renderFind(request: FastifyRequest, reply: FastifyReply, form: SlotSearchForm) {
    const ctx = own(request);
    const pctx = pageContext(request, reply);
    const dates = searchDates(form, todayIn(ctx.now, zoneOf(ctx.actor)));
    if (form.first) {
      const first = await chooseFirstAvailable(db, ctx, form, dates, {
        minNoticeMinutes: config.bookingMinNoticeMinutes,
        logger: request.log,
      });
      if (first) return reply.redirect(`/portal/appointments/book/confirm?${confirmQuery(first.slot, first.why)}`, 303);
    }
    const found = await findSlotDays(db, ctx, form, dates, config.bookingMinNoticeMinutes);
    return sendPage(
      reply,
      <FindTimePage
        ctx={pctx}
        title={pctx.t('scheduling.book_title')}
        subtitle={pctx.t('scheduling.book_intro')}
        action="/portal/appointments/book"
        form={form}
        dates={dates}
        choices={await searchChoices(db, form.specialty)}
        searched={Boolean(form.visitType)}
        found={found}
        confirmHref={(slot) => `/portal/appointments/book/confirm?${confirmQuery(slot)}`}
        waitlist
      />,
    );
  }

  app.get(
    '/portal/appointments/book',
    { config: { permission: 'slots.search' }, schema: { ...page, querystring: slotSearchFormSchema } },
    async (request, reply) => renderFind(request, reply, request.query as SlotSearchForm),
  );
}

/** Confirm the chosen slot and book it. */
function registerBookConfirmPages(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const hooks = () => appointmentHooksOf(app.deps);

  async function renderConfirm(
    request: FastifyRequest,
    reply: FastifyReply,
    chosen: z.infer<typeof chosenSlotSchema> & z.infer<typeof firstAvailableWhySchema>,
    refusal?: Refusal,
  ) {
    const ctx = own(request);
    const pctx = pageContext(request, reply);
    const { slot, visitType } = await slotToConfirm(db, ctx, chosen, config.bookingMinNoticeMinutes);
    return sendPage(
      reply,
      <ConfirmTimePage
        ctx={pctx}
        title={pctx.t('scheduling.book_confirm_title')}
        slot={slot}
        visitTypeLabel={visitTypeName(pctx, visitType)}
        action="/portal/appointments/book"
        fields={{ staffId: chosen.staffId, visitTypeId: chosen.visitType, startsAt: chosen.startsAt }}
        withReason
        backHref={`/portal/appointments/book?visitType=${chosen.visitType}`}
        message={refusal?.message}
        errors={refusal?.errors}
        reason={typeof refusal?.values.reason === 'string' ? refusal.values.reason : undefined}
        firstAvailableReasons={firstAvailableReasons({ locale: pctx.locale, isPatient: true }, chosen)}
        cutoff={{ hours: config.appointmentCancelCutoffHours, now: ctx.now }}
      />,
      refusal?.status ?? 200,
    );
  }

  app.get(
    '/portal/appointments/book/confirm',
    { config: { permission: 'slots.search' }, schema: { ...page, querystring: chosenSlotSchema.extend(firstAvailableWhySchema.shape) } },
    async (request, reply) => renderConfirm(request, reply, request.query as z.infer<typeof chosenSlotSchema>),
  );

  app.post('/portal/appointments/book', { config: { permission: 'appointments.book' }, schema: page }, async (request, reply) => {
    const ctx = own(request);
    const parsed = parseForm(bookFormSchema, request.body);
    if (!parsed.ok) throw new AppError('validation_failed', 'Choose a time from the list, then confirm it.', { errors: parsed.errors });
    const chosen = { staffId: parsed.data.staffId, visitType: parsed.data.visitTypeId, startsAt: parsed.data.startsAt };
    try {
      const outcome = await bookAppointment(db, ctx, parsed.data, {
        idempotency: formIdempotency(request, parsed.data),
        logger: request.log,
        hooks: hooks(),
        minNoticeMinutes: config.bookingMinNoticeMinutes,
      });
      return reply.redirect(`/portal/appointments?booked=${bookedId(outcome)}`, 303);
    } catch (error) {
      const refusal = refusalOf(request, error);
      if (!refusal) throw error;
      return renderConfirm(request, reply, chosen, {
        ...refusal,
        message: refusalMessage(translator(request.locale), (error as AppError).code, refusal.message),
      });
    }
  });
}

/** The appointment being rescheduled, with its clinician's and visit type's names. */
async function original(db: Db, request: FastifyRequest) {
  const ctx = own(request);
  const appointment = await getAppointment(db, ctx, (request.params as { id: string }).id);
  const names = await appointmentNames(db, [appointment]);
  return { ctx, appointment, names, clinician: names.staff.get(appointment.staffId) };
}

/** Reschedule: the same visit type, with the same clinician or any clinician of their specialty. */
function registerReschedulePages(app: FastifyInstance): void {
  registerRescheduleSearchPage(app);
  registerRescheduleConfirmPages(app);
}

/** Choose the new time. */
function registerRescheduleSearchPage(app: FastifyInstance): void {
  const { db, config } = app.deps;

  app.get(
    '/portal/appointments/:id/reschedule',
    { config: { permission: 'appointments.book' }, schema: { hide: true, params: idParams, querystring: slotSearchFormSchema } },
    async (request, reply) => {
      const { ctx, appointment, clinician } = await original(db, request);
      const pctx = pageContext(request, reply);
      const query = request.query as SlotSearchForm;
      const specialty = clinician?.specialties[0]?.id;
      // First visit: the same clinician; after a search, whatever was chosen ("any" is blank).
      const form: SlotSearchForm = {
        ...query,
        visitType: appointment.visitTypeId,
        ...(specialty ? { specialty } : {}),
        ...(query.visitType ? {} : { staffId: appointment.staffId }),
      };
      const dates = searchDates(form, todayIn(ctx.now, zoneOf(ctx.actor)));
      const movable = appointment.status === 'booked';
      const isCurrent = (s: { startsAt: Date; staffId: string }) =>
        s.startsAt.getTime() === appointment.startsAt.getTime() && s.staffId === appointment.staffId;
      const found = movable
        ? await findSlotDays(db, ctx, form, dates, config.bookingMinNoticeMinutes, isCurrent)
        : { days: [], laterFrom: null };
      const confirmHref = (slot: Parameters<typeof confirmQuery>[0]) =>
        `/portal/appointments/${appointment.id}/reschedule/confirm?${confirmQuery(slot)}`;
      const first = found.days[0]?.slots[0];
      if (form.first && first) return reply.redirect(confirmHref(first), 303);
      const choices = await searchChoices(db, specialty);
      return sendPage(
        reply,
        <FindTimePage
          ctx={pctx}
          title={pctx.t('scheduling.resched_title')}
          subtitle={pctx.t('scheduling.resched_current', {
            when: formatWhen(pctx, appointment.startsAt, appointment.endsAt, zoneOf(ctx.actor)),
            clinician: clinician?.name ?? '—',
          })}
          action={`/portal/appointments/${appointment.id}/reschedule`}
          hidden={specialty ? { specialty } : {}}
          showSpecialty={false}
          form={form}
          dates={dates}
          choices={{ ...choices, visitTypes: choices.visitTypes.filter((v) => v.id === appointment.visitTypeId), specialties: [] }}
          searched
          found={found}
          confirmHref={confirmHref}
          message={movable ? undefined : pctx.t('scheduling.resched_not_movable')}
          waitlist
        />,
      );
    },
  );
}

/** Confirm the new time and move the appointment. */
function registerRescheduleConfirmPages(app: FastifyInstance): void {
  const { db, config } = app.deps;
  const cancelCutoffHours = config.appointmentCancelCutoffHours;

  async function renderConfirm(
    request: FastifyRequest,
    reply: FastifyReply,
    chosen: { staffId: string; startsAt: string },
    refusal?: { status: number; message: string },
  ) {
    const { ctx, appointment, names } = await original(db, request);
    const pctx = pageContext(request, reply);
    const slot = await findExactSlot(db, ctx, { ...chosen, visitType: appointment.visitTypeId }, config.bookingMinNoticeMinutes);
    return sendPage(
      reply,
      <ConfirmTimePage
        ctx={pctx}
        title={pctx.t('scheduling.resched_confirm_title')}
        slot={slot}
        visitTypeLabel={visitTypeName(pctx, names.visitTypes.get(appointment.visitTypeId))}
        action={`/portal/appointments/${appointment.id}/reschedule`}
        fields={{ staffId: chosen.staffId, startsAt: chosen.startsAt }}
        version={appointment.version}
        cutoff={{ hours: cancelCutoffHours, now: ctx.now }}
        withReason={false}
        backHref={`/portal/appointments/${appointment.id}/reschedule`}
        details={[[pctx.t('scheduling.resched_from'), formatWhen(pctx, appointment.startsAt, appointment.endsAt, zoneOf(ctx.actor))]]}
        message={refusal?.message}
      />,
      refusal?.status ?? 200,
    );
  }

  app.get(
    '/portal/appointments/:id/reschedule/confirm',
    { config: { permission: 'appointments.book' }, schema: { hide: true, params: idParams, querystring: chosenSlotSchema } },
    async (request, reply) => renderConfirm(request, reply, request.query as z.infer<typeof chosenSlotSchema>),
  );

  const rescheduleForm = z.object({ staffId: z.uuid(), startsAt: z.iso.datetime({ offset: true }) });
  app.post(
    '/portal/appointments/:id/reschedule',
    { config: { permission: 'appointments.book' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const ctx = own(request);
      const { id } = request.params as { id: string };
      const parsed = parseForm(rescheduleForm, request.body);
      if (!parsed.ok)
        throw new AppError('validation_failed', 'Choose a new time from the list, then confirm it.', { errors: parsed.errors });
      try {
        const outcome = await rescheduleAppointment(db, ctx, id, parsed.data, {
          idempotency: formIdempotency(request, parsed.data),
          logger: request.log,
          expectedVersion: expectedVersion(request, formVersion(request.body)),
          cancelCutoffHours,
          hooks: appointmentHooksOf(app.deps),
        });
        return reply.redirect(`/portal/appointments?rescheduled=${bookedId(outcome)}`, 303);
      } catch (error) {
        const refusal = refusalOf(request, error);
        if (!refusal) throw error;
        return renderConfirm(request, reply, parsed.data, {
          status: refusal.status,
          message: refusalMessage(translator(request.locale), (error as AppError).code, refusal.message),
        });
      }
    },
  );
}
