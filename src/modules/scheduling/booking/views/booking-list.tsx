import { Alert, Button, Card, EmptyState, Form, LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatZonedDateTime } from '../../../../platform/views/format.js';
import type { Appointment } from '../../appointments/appointments.schemas.js';
import type { AppointmentNames } from '../booking-support.js';
import { StatusBadge, formatWhen, visitTypeName } from './booking-parts.js';

export interface MyAppointmentsProps {
  ctx: PageContext;
  upcoming: Appointment[];
  past: Appointment[];
  /** Cancelled appointments whose time has not come: kept in sight, labelled, never actionable. */
  cancelled: Appointment[];
  names: AppointmentNames;
  zone: string;
  cutoffHours: number;
  /** Minutes before the start at which a video visit can be joined (TELEMEDICINE_JOIN_OPENS_MINUTES). */
  joinOpensMinutes: number;
  now: Date;
  /** After a booking, reschedule or cancel: which one, to say so. */
  notice?: { kind: 'booked' | 'rescheduled' | 'cancelled'; id: string } | undefined;
  message?: string | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * A telemedicine appointment's way into its video visit (src/modules/telemedicine): the "Join video
 * visit" button from `joinOpensMinutes` before the start until the end, before that the time it opens.
 */
export function VideoVisitEntry(props: {
  ctx: PageContext;
  appointment: Appointment;
  base: string;
  joinOpensMinutes: number;
  now: Date;
  zone: string;
}) {
  const { ctx, appointment: a } = props;
  if (a.status !== 'booked' && a.status !== 'checked_in') return null;
  const opensAt = new Date(a.startsAt.getTime() - props.joinOpensMinutes * 60_000);
  if (props.now >= a.endsAt) return null;
  return (
    <div class="inline-form video-visit-entry">
      {props.now >= opensAt ? (
        <LinkButton href={`${props.base}/appointments/${a.id}/video`} variant="primary">
          {ctx.t('telemedicine.join')}
        </LinkButton>
      ) : (
        <span>{ctx.t('telemedicine.join_opens_at', { time: formatZonedDateTime(ctx.locale, opensAt, props.zone) })}</span>
      )}
      <a href={`${props.base}/appointments/${a.id}/video/check`}>{ctx.t('telemedicine.device_check_link')}</a>
    </div>
  );
}

function AppointmentCard(props: {
  ctx: PageContext;
  appointment: Appointment;
  names: AppointmentNames;
  zone: string;
  actions: boolean;
  cutoffHours: number;
  joinOpensMinutes: number;
  now: Date;
}) {
  const { ctx, appointment: a, names } = props;
  const { t } = ctx;
  const clinician = names.staff.get(a.staffId)?.name ?? '—';
  const insideCutoff = a.startsAt.getTime() - props.now.getTime() < props.cutoffHours * HOUR_MS;
  return (
    <li class="card appointment" id={`appointment-${a.id}`}>
      <h3>{formatWhen(ctx, a.startsAt, a.endsAt, props.zone)}</h3>
      <p>
        {clinician} · {visitTypeName(ctx, names.visitTypes.get(a.visitTypeId))} <StatusBadge ctx={ctx} status={a.status} />
      </p>
      {props.actions && names.visitTypes.get(a.visitTypeId)?.mode === 'telemedicine' && (
        <VideoVisitEntry
          ctx={ctx}
          appointment={a}
          base="/portal"
          joinOpensMinutes={props.joinOpensMinutes}
          now={props.now}
          zone={props.zone}
        />
      )}
      {props.actions && a.status === 'booked' && (
        <div class="inline-form">
          <a href={`/api/v1/appointments/${a.id}/calendar.ics`} download>
            {t('scheduling.appts_add_to_calendar')}
          </a>
          {insideCutoff ? (
            <Alert kind="info" title={t('scheduling.appts_cutoff_title')}>
              <p>{t('scheduling.appts_cutoff_text', { hours: props.cutoffHours })}</p>
            </Alert>
          ) : (
            <>
              <LinkButton href={`/portal/appointments/${a.id}/reschedule`}>{t('scheduling.appts_reschedule')}</LinkButton>
              <Form
                ctx={ctx}
                action={`/portal/appointments/${a.id}/cancel`}
                class="inline-form"
                confirm={t('scheduling.appts_cancel_confirm')}
                version={a.version}
              >
                <Button variant="danger">{t('scheduling.appts_cancel')}</Button>
              </Form>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** The patient's appointments: upcoming (with reschedule, cancel, calendar) and past (history). */
export function MyAppointmentsPage(props: MyAppointmentsProps) {
  const { ctx } = props;
  const { t } = ctx;
  const title = t('scheduling.appts_title');
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={t('scheduling.appts_times_in', { zone: props.zone })}
        actions={
          <>
            <LinkButton href="/portal/appointments/book" variant="primary">
              {t('scheduling.appts_book')}
            </LinkButton>
            <LinkButton href="/portal/waitlist">{t('scheduling.appts_waitlist')}</LinkButton>
          </>
        }
      />
      {props.notice && (
        <Alert kind="success" title={t(`scheduling.appts_notice_${props.notice.kind}`)}>
          {props.notice.kind !== 'cancelled' && <p>{t('scheduling.appts_notice_hint')}</p>}
        </Alert>
      )}
      {props.message && <Alert kind="warning">{props.message}</Alert>}
      <Card title={t('scheduling.appts_upcoming')} id="upcoming">
        {props.upcoming.length === 0 ? (
          <EmptyState title={t('scheduling.appts_none_upcoming')}>
            <LinkButton href="/portal/appointments/book" variant="primary">
              {t('scheduling.appts_book')}
            </LinkButton>
          </EmptyState>
        ) : (
          <ul class="appointment-list">
            {props.upcoming.map((a) => (
              <AppointmentCard
                ctx={ctx}
                appointment={a}
                names={props.names}
                zone={props.zone}
                actions
                cutoffHours={props.cutoffHours}
                joinOpensMinutes={props.joinOpensMinutes}
                now={props.now}
              />
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('scheduling.appts_past')} id="past">
        {props.past.length === 0 ? (
          <EmptyState title={t('scheduling.appts_none_past')} />
        ) : (
          <ul class="appointment-list">
            {props.past.map((a) => (
              <AppointmentCard
                ctx={ctx}
                appointment={a}
                names={props.names}
                zone={props.zone}
                actions={false}
                cutoffHours={props.cutoffHours}
                joinOpensMinutes={props.joinOpensMinutes}
                now={props.now}
              />
            ))}
          </ul>
        )}
      </Card>
      {props.cancelled.length > 0 && (
        <Card title={t('scheduling.appts_cancelled')} id="cancelled">
          <ul class="appointment-list">
            {props.cancelled.map((a) => (
              <AppointmentCard
                ctx={ctx}
                appointment={a}
                names={props.names}
                zone={props.zone}
                actions={false}
                cutoffHours={props.cutoffHours}
                joinOpensMinutes={props.joinOpensMinutes}
                now={props.now}
              />
            ))}
          </ul>
        </Card>
      )}
    </Layout>
  );
}
