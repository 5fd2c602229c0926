import { normaliseForm } from '../../../platform/http/forms.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chooseFirstAvailable, firstAvailableReasons, firstAvailableWhySchema } from '../booking/first-available.js';
import { REGISTRATION_TIER_ROLES, roleHasPermission } from '../../../platform/authz/permissions.js';
import { AppError, type FieldError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { parseForm } from '../../../platform/http/forms.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { getPatientProfile, findPatients } from '../../patients/index.js';
import { listDepartments, listSpecialties } from '../../staff/index.js';
import { searchChoices } from '../booking/booking-choices.js';
import {
  appointmentNames,
  bookFormSchema,
  chosenSlotSchema,
  confirmQuery,
  slotToConfirm,
  findSlotDays,
  formIdempotency,
  localWindow,
  requireStaff,
  searchDates,
  slotSearchFormSchema,
  todayIn,
  zoneOf,
  type SlotSearchForm,
} from '../booking/booking-support.js';
import { viewAppointments } from '../appointments/services/appointments-query.service.js';
import { appointmentHooksOf } from '../appointments/services/appointment-hooks.js';
import { bookAppointment } from '../appointments/services/book-appointment.service.js';
import { localDateOf } from '../../../platform/time/zoned-time.js';
import { ConfirmTimePage, FindTimePage } from '../booking/views/booking-find.js';
import { refusalMessage, visitTypeName } from '../booking/views/booking-parts.js';
import { NOTICES } from '../calendar/views/calendar-parts.js';
import { ScheduleBoardPage } from './views/front-desk-board.js';
import { ChoosePatientPage, PatientSummaryCard } from './views/front-desk-patient.js';

const boardQuery = z.object({
  date: z.iso.date().optional(),
  department: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
  specialty: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
  notice: z.enum(NOTICES).optional(),
});
const bookQuery = slotSearchFormSchema.extend({ patientId: z.uuid().optional(), query: z.string().trim().max(100).optional() });
const confirmQuerySchema = chosenSlotSchema.extend({ patientId: z.uuid() }).extend(firstAvailableWhySchema.shape);
const RECOVERABLE = new Set([400, 409, 422]);

/** The front desk: the day's board across clinicians, booking for a patient, check-in. */
export function registerFrontDeskPages(app: FastifyInstance): void {
  registerScheduleBoardPage(app);
  registerStaffSlotSearchPage(app);
  registerStaffBookConfirmPages(app);
}

/** The schedule board: the day's appointments by clinician and room. */
function registerScheduleBoardPage(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/schedule',
    { config: { permission: 'appointments.read' }, schema: { hide: true, querystring: boardQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      requireStaff(ctx);
      if (!REGISTRATION_TIER_ROLES.includes(ctx.actor.role))
        throw new AppError('forbidden', 'The schedule board is for the front desk. Your own appointments are in your calendar.');
      const query = request.query as z.infer<typeof boardQuery>;
      const zone = zoneOf(ctx.actor);
      const today = todayIn(ctx.now, zone);
      const date = query.date ?? today;
      // One access decision and one audit insert (a row per patient shown) for the whole board.
      const filters = {
        ...(query.department ? { department: query.department } : {}),
        ...(query.specialty ? { specialty: query.specialty } : {}),
      };
      const { appointments, patients } = await viewAppointments(db, ctx, { ...localWindow(date, 1, zone), ...filters }, 'board');
      const [names, departments, specialties] = await Promise.all([
        appointmentNames(db, appointments),
        listDepartments(db),
        listSpecialties(db),
      ]);
      const staffIds = [...new Set(appointments.map((a) => a.staffId))].filter((id) => {
        const member = names.staff.get(id);
        if (query.department && member?.departmentId !== query.department) return false;
        if (query.specialty && !member?.specialties.some((s) => s.id === query.specialty)) return false;
        return true;
      });
      const columns = staffIds
        .map((staffId) => ({
          staffId,
          name: names.staff.get(staffId)?.name ?? '—',
          appointments: appointments.filter((a) => a.staffId === staffId),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return sendPage(
        reply,
        <ScheduleBoardPage
          ctx={pageContext(request, reply)}
          date={date}
          today={today}
          zone={zone}
          columns={columns}
          patients={patients}
          names={names}
          departments={departments}
          specialties={specialties}
          filters={{ department: query.department, specialty: query.specialty }}
          canManage={roleHasPermission(ctx.actor.role, 'appointments.manage')}
          now={ctx.now}
          notice={query.notice}
        />,
      );
    },
  );
}

/** Find a slot for a patient. */
function registerStaffSlotSearchPage(app: FastifyInstance): void {
  const { db, config } = app.deps;

  // Finding the patient: the term (a name, MRN or birth date) is POSTed, never put in a URL.
  app.post(
    '/staff/schedule/book/find-patient',
    { config: { permission: 'appointments.book' }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      requireStaff(ctx);
      const parsed = z.object({ query: z.string().trim().max(100).optional() }).safeParse(normaliseForm(request.body));
      const term = parsed.success ? parsed.data.query : undefined;
      const results = term ? (await findPatients(db, ctx, { query: term, limit: 20 })).items : null;
      return sendPage(reply, <ChoosePatientPage ctx={pageContext(request, reply)} query={term} results={results} />);
    },
  );

  app.get(
    '/staff/schedule/book',
    { config: { permission: 'appointments.book' }, schema: { hide: true, querystring: bookQuery } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      requireStaff(ctx);
      const query = request.query as z.infer<typeof bookQuery>;
      const pctx = pageContext(request, reply);
      if (!query.patientId) {
        // An old `?query=` link still works; the page itself only ever POSTs the term (find-patient).
        const results = query.query ? (await findPatients(db, ctx, { query: query.query, limit: 20 })).items : null;
        return sendPage(reply, <ChoosePatientPage ctx={pctx} query={query.query} results={results} />);
      }
      const patient = await getPatientProfile(db, ctx, query.patientId);
      const form: SlotSearchForm = query;
      const dates = searchDates(form, todayIn(ctx.now, zoneOf(ctx.actor)));
      const confirmHref = (slot: Parameters<typeof confirmQuery>[0], why: Record<string, string> = {}) =>
        `/staff/schedule/book/confirm?${confirmQuery(slot, { patientId: patient.id, ...why })}`;
      if (form.first) {
        const first = await chooseFirstAvailable(db, ctx, form, dates, {
          minNoticeMinutes: config.bookingMinNoticeMinutes,
          patientId: patient.id,
          logger: request.log,
        });
        if (first) return reply.redirect(confirmHref(first.slot, first.why), 303);
      }
      const found = await findSlotDays(db, ctx, form, dates, config.bookingMinNoticeMinutes);
      return sendPage(
        reply,
        <FindTimePage
          ctx={pctx}
          title={pctx.t('scheduling.desk_book_title')}
          summary={<PatientSummaryCard ctx={pctx} patient={patient} />}
          action="/staff/schedule/book"
          hidden={{ patientId: patient.id }}
          form={form}
          dates={dates}
          choices={await searchChoices(db, form.specialty)}
          searched={Boolean(form.visitType)}
          found={found}
          confirmHref={confirmHref}
          wide
        />,
      );
    },
  );
}

/** Confirm the slot and book it for the patient. */
function registerStaffBookConfirmPages(app: FastifyInstance): void {
  const { db, config } = app.deps;

  async function renderConfirm(
    request: FastifyRequest,
    reply: FastifyReply,
    chosen: z.infer<typeof confirmQuerySchema>,
    refusal?: { status: number; message: string; errors: FieldError[] },
  ) {
    const ctx = serviceContext(request);
    requireStaff(ctx);
    const patient = await getPatientProfile(db, ctx, chosen.patientId);
    const pctx = pageContext(request, reply);
    const { slot, visitType } = await slotToConfirm(db, ctx, chosen, config.bookingMinNoticeMinutes);
    return sendPage(
      reply,
      <ConfirmTimePage
        ctx={pctx}
        title={pctx.t('scheduling.desk_confirm_title')}
        slot={slot}
        visitTypeLabel={visitTypeName(pctx, visitType)}
        action="/staff/schedule/book"
        fields={{ patientId: patient.id, staffId: chosen.staffId, visitTypeId: chosen.visitType, startsAt: chosen.startsAt }}
        withReason={false}
        backHref={`/staff/schedule/book?patientId=${patient.id}&visitType=${chosen.visitType}`}
        details={[
          [pctx.t('scheduling.cal_patient'), `${patient.givenName} ${patient.familyName}`],
          [pctx.t('scheduling.desk_mrn_header'), patient.mrn],
        ]}
        message={refusal?.message}
        errors={refusal?.errors}
        firstAvailableReasons={firstAvailableReasons({ locale: pctx.locale, isPatient: false }, chosen)}
      />,
      refusal?.status ?? 200,
    );
  }

  app.get(
    '/staff/schedule/book/confirm',
    { config: { permission: 'appointments.book' }, schema: { hide: true, querystring: confirmQuerySchema } },
    async (request, reply) => renderConfirm(request, reply, request.query as z.infer<typeof confirmQuerySchema>),
  );

  const staffBookForm = bookFormSchema.extend({ patientId: z.uuid() });
  app.post('/staff/schedule/book', { config: { permission: 'appointments.book' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = serviceContext(request);
    requireStaff(ctx);
    const parsed = parseForm(staffBookForm, request.body);
    if (!parsed.ok) throw new AppError('validation_failed', 'Choose a patient and a time, then confirm.', { errors: parsed.errors });
    try {
      await bookAppointment(db, ctx, parsed.data, {
        idempotency: formIdempotency(request, parsed.data),
        logger: request.log,
        hooks: appointmentHooksOf(app.deps),
        minNoticeMinutes: config.bookingMinNoticeMinutes,
      });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.has(error.status)) throw error;
      const message = refusalMessage(translator(request.locale), error.code, error.detail);
      const chosen = {
        patientId: parsed.data.patientId,
        staffId: parsed.data.staffId,
        visitType: parsed.data.visitTypeId,
        startsAt: parsed.data.startsAt,
      };
      return renderConfirm(request, reply, chosen, {
        status: error.status,
        message,
        errors: (error.extra.errors as FieldError[] | undefined) ?? [],
      });
    }
    const date = localDateOf(new Date(parsed.data.startsAt), zoneOf(ctx.actor));
    // The front desk goes back to its board; a clinician who booked goes to their calendar.
    const back = REGISTRATION_TIER_ROLES.includes(ctx.actor.role)
      ? `/staff/schedule?date=${date}&notice=booked`
      : `/staff/calendar?date=${date}&notice=booked`;
    return reply.redirect(back, 303);
  });
}
