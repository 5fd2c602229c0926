import { Card, EmptyState, LinkButton } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { StatusBadge } from '../../scheduling/index.js';
import type { PatientHome } from '../services/patient-home.service.js';
import { when } from './time.js';

/** What the patient may want to do next: appointments, messages, new results of visits, plans, to-dos. */
export function PatientWorklist(props: { ctx: PageContext; home: PatientHome }) {
  const { ctx, home } = props;
  return (
    <div class="worklist" id="worklist">
      <PatientTodos ctx={ctx} home={home} />
      <UpcomingAppointments ctx={ctx} home={home} />
      <UnreadNotifications ctx={ctx} home={home} />
      <NewForYou ctx={ctx} home={home} />
      <ActiveCarePlans ctx={ctx} home={home} />
    </div>
  );
}

function PatientTodos(props: { ctx: PageContext; home: PatientHome }) {
  const { t } = props.ctx;
  const { allergiesNotRecorded, missingProfileFields } = props.home.todos;
  if (!allergiesNotRecorded && missingProfileFields.length === 0) return null;
  return (
    <Card title={t('home.todos_title')} id="todos">
      <ul class="worklist-items">
        {allergiesNotRecorded && (
          <li id="todo-allergies">
            <p>{t('home.todo_allergies')}</p>
            <LinkButton href="/portal/profile#allergies" variant="primary">
              {t('home.todo_allergies_action')}
            </LinkButton>
          </li>
        )}
        {missingProfileFields.length > 0 && (
          <li id="todo-profile">
            <p>{t('home.todo_profile', { fields: missingProfileFields.map((f) => t(`home.profile_field_${f}`)).join(', ') })}</p>
            <LinkButton href="/portal/profile#details">{t('home.todo_profile_action')}</LinkButton>
          </li>
        )}
      </ul>
    </Card>
  );
}

function UpcomingAppointments(props: { ctx: PageContext; home: PatientHome }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Card title={t('home.upcoming_title')} id="upcoming">
      <p class="hint">{t('home.times_in_zone', { zone: ctx.timeZone })}</p>
      {props.home.upcoming.length === 0 ? (
        <EmptyState title={t('home.upcoming_empty')} />
      ) : (
        <ul class="worklist-items">
          {props.home.upcoming.map((a) => (
            <li id={`upcoming-${a.id}`}>
              <p>
                <strong>{when(ctx, a.startsAt)}</strong> · {a.clinicianName ?? '—'} <StatusBadge ctx={ctx} status={a.status} />
              </p>
              <div class="inline-form">
                <LinkButton href={`/portal/appointments/${a.id}/reschedule`}>{t('home.reschedule_action')}</LinkButton>
                <LinkButton href={`/portal/appointments#appointment-${a.id}`}>{t('home.cancel_action')}</LinkButton>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div class="inline-form">
        <LinkButton href="/portal/appointments/book" variant="primary">
          {t('home.book_action')}
        </LinkButton>
        <a href="/portal/appointments">{t('home.all_appointments')}</a>
      </div>
    </Card>
  );
}

function UnreadNotifications(props: { ctx: PageContext; home: PatientHome }) {
  const { ctx, home } = props;
  const { t } = ctx;
  return (
    <Card title={t('home.unread_title', { count: home.unreadCount })} id="unread">
      {home.notifications.length === 0 ? (
        <EmptyState title={t('home.unread_empty')} />
      ) : (
        <ul class="worklist-items">
          {home.notifications.map((n) => (
            <li>
              <a href={n.link ?? '/notifications'}>{n.title}</a> <span class="hint">{when(ctx, n.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/notifications">{t('home.all_notifications')}</a>
      </p>
    </Card>
  );
}

function NewForYou(props: { ctx: PageContext; home: PatientHome }) {
  const { ctx, home } = props;
  const { t } = ctx;
  return (
    <Card title={t('home.new_title')} id="new-for-you">
      {home.newSummaries.length === 0 && home.newDocuments.length === 0 ? (
        <EmptyState title={t('home.new_empty')} />
      ) : (
        <ul class="worklist-items">
          {home.newSummaries.map((s) => (
            <li>
              <a href={`/portal/summaries#summary-${s.id}`}>{t('home.new_summary', { clinician: s.clinicianName ?? '—' })}</a>{' '}
              <span class="hint">{s.sharedAt ? when(ctx, s.sharedAt) : ''}</span>
            </li>
          ))}
          {home.newDocuments.map((d) => (
            <li>
              <a href="/portal/documents">{t('home.new_document', { title: d.title })}</a>{' '}
              <span class="hint">{d.uploadedAt ? when(ctx, d.uploadedAt) : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/portal/summaries">{t('home.all_summaries')}</a> · <a href="/portal/documents">{t('home.all_documents')}</a>
      </p>
    </Card>
  );
}

function ActiveCarePlans(props: { ctx: PageContext; home: PatientHome }) {
  const { t } = props.ctx;
  return (
    <Card title={t('home.care_plans_title')} id="care-plans">
      {props.home.activeCarePlans.length === 0 ? (
        <EmptyState title={t('home.care_plans_empty')} />
      ) : (
        <ul class="worklist-items">
          {props.home.activeCarePlans.map((p) => (
            <li>
              <a href="/portal/care-plans">{p.title}</a>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
