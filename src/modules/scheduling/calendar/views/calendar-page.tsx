import { REGISTRATION_TIER_ROLES, roleHasPermission } from '../../../../platform/authz/permissions.js';
import { Card, EmptyState, Form, Button, SelectField, Field } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import type { AppointmentNames } from '../../booking/booking-support.js';
import type { PatientLabel } from '../../appointments/services/appointments-query.service.js';
import { StatusBadge, formatDate, formatTime, visitTypeName } from '../../booking/views/booking-parts.js';
import { ActionNotice, StatusActions } from './calendar-parts.js';
import { VideoVisitEntry } from '../../booking/views/booking-list.js';

export interface CalendarDay {
  date: string;
  appointments: Appointment[];
}

export interface CalendarProps {
  ctx: PageContext;
  view: 'day' | 'week';
  date: string;
  days: CalendarDay[];
  zone: string;
  clinicianName: string;
  staffId: string;
  patients: Map<string, PatientLabel>;
  names: AppointmentNames;
  rooms: Map<string, string>;
  /** Minutes before the start at which a video visit can be joined (TELEMEDICINE_JOIN_OPENS_MINUTES). */
  joinOpensMinutes: number;
  now: Date;
  canManage: boolean;
  prevDate: string;
  nextDate: string;
  today: string;
  notice?: string | undefined;
}

/** The clinician's day or week: a list per day in their zone, readable on screen and on paper. */
export function CalendarPage(props: CalendarProps) {
  const { ctx, view } = props;
  const { t } = ctx;
  const title = t('scheduling.cal_title');
  const link = (date: string, v: string = view) =>
    `/staff/calendar?${new URLSearchParams({ date, view: v, staffId: props.staffId }).toString()}`;
  const back = { back: 'calendar', date: props.date, view, staffId: props.staffId };
  const canOpenEncounter = ctx.actor ? roleHasPermission(ctx.actor.role, 'records.write') : false;
  return (
    <Layout ctx={ctx} title={title} wide>
      <PageHeader
        title={title}
        subtitle={t('scheduling.cal_subtitle', { name: props.clinicianName, zone: props.zone })}
        actions={
          <nav class="inline-form" aria-label={t('scheduling.cal_navigation')}>
            <a class="btn btn--secondary" href={link(props.prevDate)} rel="prev">
              {view === 'day' ? t('scheduling.cal_prev_day') : t('scheduling.cal_prev_week')}
            </a>
            <a class="btn btn--secondary" href={link(props.today)}>
              {t('scheduling.cal_today')}
            </a>
            <a class="btn btn--secondary" href={link(props.nextDate)} rel="next">
              {view === 'day' ? t('scheduling.cal_next_day') : t('scheduling.cal_next_week')}
            </a>
            <a class="btn btn--secondary" href={link(props.date, view === 'day' ? 'week' : 'day')} aria-current={undefined}>
              {view === 'day' ? t('scheduling.cal_show_week') : t('scheduling.cal_show_day')}
            </a>
          </nav>
        }
      />
      <CalendarLinks ctx={ctx} />
      <Form ctx={ctx} action="/staff/calendar" method="get" class="form form--inline">
        <input type="hidden" name="staffId" value={props.staffId} />
        <Field name="date" type="date" label={t('scheduling.cal_date')} value={props.date} />
        <SelectField
          name="view"
          label={t('scheduling.cal_view')}
          value={view}
          options={[
            { value: 'day', label: t('scheduling.cal_view_day') },
            { value: 'week', label: t('scheduling.cal_view_week') },
          ]}
        />
        <Button variant="secondary">{t('scheduling.show')}</Button>
      </Form>
      <ActionNotice ctx={ctx} notice={props.notice} />
      {props.days.map((day) => (
        <Card title={formatDate(ctx, day.date)} id={`day-${day.date}`}>
          {day.appointments.length === 0 ? (
            <EmptyState title={t('scheduling.cal_empty_day')} />
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={formatDate(ctx, day.date)}>
              <table class="table calendar-day">
                <caption class="visually-hidden">{formatDate(ctx, day.date)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('scheduling.cal_time')}</th>
                    <th scope="col">{t('scheduling.cal_patient')}</th>
                    <th scope="col">{t('scheduling.book_visit_type')}</th>
                    <th scope="col">{t('scheduling.room')}</th>
                    <th scope="col">{t('scheduling.cal_status')}</th>
                    {(props.canManage || canOpenEncounter) && <th scope="col">{t('scheduling.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {day.appointments.map((a) => (
                    <AppointmentRow {...props} appointment={a} back={back} canOpenEncounter={canOpenEncounter} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ))}
    </Layout>
  );
}

/** The places that belong with a calendar, for those who may open them: today's encounters, availability, the feed, booking. */
function CalendarLinks(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const role = ctx.actor?.role;
  const links: { href: string; label: string }[] = [];
  if (role && roleHasPermission(role, 'records.write')) links.push({ href: '/staff/today', label: t('scheduling.cal_today_list') });
  if (role && roleHasPermission(role, 'availability.manage')) {
    links.push({ href: '/staff/availability', label: t('scheduling.cal_availability_link') });
    links.push({ href: '/staff/calendar-feed', label: t('scheduling.cal_feed_link') });
  }
  // The board is the front desk's (refused to clinicians); anyone who books may book from here.
  if (role && REGISTRATION_TIER_ROLES.includes(role)) links.push({ href: '/staff/schedule', label: t('scheduling.cal_schedule_link') });
  if (role && roleHasPermission(role, 'appointments.book')) links.push({ href: '/staff/schedule/book', label: t('scheduling.desk_book') });
  if (links.length === 0) return null;
  return (
    <nav class="related-links" aria-label={t('scheduling.cal_related')}>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** One appointment of the day; a clinician opens its encounter from here. */
function AppointmentRow(props: CalendarProps & { appointment: Appointment; back: Record<string, string>; canOpenEncounter: boolean }) {
  const { ctx, appointment: a, canOpenEncounter } = props;
  const { t } = ctx;
  const patient = props.patients.get(a.patientId);
  return (
    <tr id={`appointment-${a.id}`} data-starts-at={a.startsAt.toISOString()}>
      <td>
        <strong>
          <time dateTime={a.startsAt.toISOString()}>{formatTime(ctx, a.startsAt, props.zone)}</time>–{formatTime(ctx, a.endsAt, props.zone)}
        </strong>
      </td>
      <td>{patient ? <a href={`/staff/patients/${patient.id}`}>{patient.name}</a> : '—'}</td>
      <td>
        {visitTypeName(ctx, props.names.visitTypes.get(a.visitTypeId))}
        {props.names.visitTypes.get(a.visitTypeId)?.mode === 'telemedicine' && a.staffId === ctx.actor?.staffId && (
          <VideoVisitEntry
            ctx={ctx}
            appointment={a}
            base="/staff"
            joinOpensMinutes={props.joinOpensMinutes}
            now={props.now}
            zone={props.zone}
          />
        )}
      </td>
      <td>{a.roomId ? (props.rooms.get(a.roomId) ?? '—') : '—'}</td>
      <td>
        <StatusBadge ctx={ctx} status={a.status} />
      </td>
      {(props.canManage || canOpenEncounter) && (
        <td>
          {/* Create-or-open: the page redirects to the appointment's encounter once there is one. */}
          {canOpenEncounter && a.status !== 'cancelled' && a.status !== 'no_show' && (
            <a class="btn btn--secondary btn--small" href={`/staff/encounters/new?appointmentId=${a.id}`}>
              {t('scheduling.cal_open_encounter')}
            </a>
          )}
          {props.canManage && <StatusActions ctx={ctx} appointment={a} now={props.now} back={props.back} />}
        </td>
      )}
    </tr>
  );
}
