import { Card, EmptyState, Form, Button, SelectField, Field } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import type { AppointmentNames } from '../../booking/booking-support.js';
import type { PatientLabel } from '../../appointments/services/appointments-query.service.js';
import { StatusBadge, formatDate, formatTime, visitTypeName } from '../../booking/views/booking-parts.js';
import { ActionNotice, StatusActions } from './calendar-parts.js';

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
                    {props.canManage && <th scope="col">{t('scheduling.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {day.appointments.map((a) => {
                    const patient = props.patients.get(a.patientId);
                    return (
                      <tr id={`appointment-${a.id}`} data-starts-at={a.startsAt.toISOString()}>
                        <td>
                          <strong>
                            <time dateTime={a.startsAt.toISOString()}>{formatTime(ctx, a.startsAt, props.zone)}</time>–
                            {formatTime(ctx, a.endsAt, props.zone)}
                          </strong>
                        </td>
                        <td>{patient ? <a href={`/staff/patients/${patient.id}`}>{patient.name}</a> : '—'}</td>
                        <td>{visitTypeName(ctx, props.names.visitTypes.get(a.visitTypeId))}</td>
                        <td>{a.roomId ? (props.rooms.get(a.roomId) ?? '—') : '—'}</td>
                        <td>
                          <StatusBadge ctx={ctx} status={a.status} />
                        </td>
                        {props.canManage && (
                          <td>
                            <StatusActions ctx={ctx} appointment={a} now={props.now} back={back} />
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ))}
    </Layout>
  );
}
