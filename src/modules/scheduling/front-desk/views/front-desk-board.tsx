import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import { Button, Card, EmptyState, Field, Form, LinkButton, SelectField } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import type { AppointmentNames } from '../../booking/booking-support.js';
import type { PatientLabel } from '../../appointments/services/appointments-query.service.js';
import { addDays } from '../../../../platform/time/zoned-time.js';
import { StatusBadge, formatDate, formatTime, visitTypeName } from '../../booking/views/booking-parts.js';
import { ActionNotice, StatusActions } from '../../calendar/views/calendar-parts.js';

export interface BoardColumn {
  staffId: string;
  name: string;
  appointments: Appointment[];
}

export interface BoardProps {
  ctx: PageContext;
  date: string;
  today: string;
  zone: string;
  columns: BoardColumn[];
  patients: Map<string, PatientLabel>;
  names: AppointmentNames;
  departments: { id: string; name: string }[];
  specialties: { id: string; name: string }[];
  filters: { department?: string | undefined; specialty?: string | undefined };
  canManage: boolean;
  now: Date;
  notice?: string | undefined;
}

/** The front desk's day: one column per clinician, check-in at a click, booking for a patient. */
export function ScheduleBoardPage(props: BoardProps) {
  const { ctx } = props;
  const { t } = ctx;
  const title = t('scheduling.desk_title');
  const link = (date: string) =>
    `/staff/schedule?${new URLSearchParams({ date, ...(props.filters.department ? { department: props.filters.department } : {}), ...(props.filters.specialty ? { specialty: props.filters.specialty } : {}) }).toString()}`;
  const back: Record<string, string> = {
    back: 'schedule',
    date: props.date,
    ...(props.filters.department ? { department: props.filters.department } : {}),
    ...(props.filters.specialty ? { specialty: props.filters.specialty } : {}),
  };
  return (
    <Layout ctx={ctx} title={title} wide>
      <PageHeader
        title={title}
        subtitle={t('scheduling.desk_subtitle', { date: formatDate(ctx, props.date), zone: props.zone })}
        actions={
          <>
            <a class="btn btn--secondary" href={link(addDays(props.date, -1))} rel="prev">
              {t('scheduling.cal_prev_day')}
            </a>
            <a class="btn btn--secondary" href={link(props.today)}>
              {t('scheduling.cal_today')}
            </a>
            <a class="btn btn--secondary" href={link(addDays(props.date, 1))} rel="next">
              {t('scheduling.cal_next_day')}
            </a>
            {/* Billing reads the board but books nothing. */}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'appointments.book') && (
              <LinkButton href="/staff/schedule/book" variant="primary">
                {t('scheduling.desk_book')}
              </LinkButton>
            )}
          </>
        }
      />
      <Form ctx={ctx} action="/staff/schedule" method="get" class="form form--inline" id="board-filters">
        <Field name="date" type="date" label={t('scheduling.cal_date')} value={props.date} />
        <SelectField
          name="department"
          label={t('scheduling.desk_department')}
          includeBlank={t('scheduling.desk_all')}
          value={props.filters.department ?? null}
          options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <SelectField
          name="specialty"
          label={t('scheduling.book_specialty')}
          includeBlank={t('scheduling.desk_all')}
          value={props.filters.specialty ?? null}
          options={props.specialties.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Button variant="secondary">{t('scheduling.show')}</Button>
      </Form>
      <ActionNotice ctx={ctx} notice={props.notice} />
      {props.columns.length === 0 ? (
        <EmptyState title={t('scheduling.desk_empty')} />
      ) : (
        <div class="grid schedule-board">
          {props.columns.map((column) => (
            <Card
              title={column.name}
              id={`clinician-${column.staffId}`}
              actions={
                <a
                  href={`/staff/calendar?${new URLSearchParams({ date: props.date, staffId: column.staffId }).toString()}`}
                  aria-label={t('scheduling.desk_open_calendar_of', { name: column.name })}
                >
                  {t('scheduling.desk_open_calendar')}
                </a>
              }
            >
              <ol class="board-list">
                {column.appointments.map((a) => {
                  const patient = props.patients.get(a.patientId);
                  return (
                    <li id={`appointment-${a.id}`}>
                      <strong>
                        {formatTime(ctx, a.startsAt, props.zone)}–{formatTime(ctx, a.endsAt, props.zone)}
                      </strong>{' '}
                      {patient ? `${patient.name} (${t('scheduling.desk_mrn', { mrn: patient.mrn })})` : '—'} ·{' '}
                      {visitTypeName(ctx, props.names.visitTypes.get(a.visitTypeId))} <StatusBadge ctx={ctx} status={a.status} />
                      {props.canManage && <StatusActions ctx={ctx} appointment={a} now={props.now} back={back} only="check_in" />}
                    </li>
                  );
                })}
              </ol>
            </Card>
          ))}
        </div>
      )}
    </Layout>
  );
}
