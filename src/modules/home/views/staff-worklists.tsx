import { Badge, Card, EmptyState, LinkButton, Table } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { AdminWorklist } from '../../admin/index.js';
import type { AssignedPatient } from '../../records/index.js';
import { StatusActions, StatusBadge } from '../../scheduling/index.js';
import { MyTasksSection } from '../../tasks/index.js';
import type { DayBoard, DoctorWorklist, StaffWorklist } from '../services/staff-home.service.js';
import { localDateOf } from '../../../platform/time/zoned-time.js';
import { timeOfDay, when } from './time.js';

/** The role's worklist on the staff home; roles without one get nothing here (their links follow). */
export function StaffWorklists(props: { ctx: PageContext; now: Date; worklist: StaffWorklist; privacyOfficer: boolean }) {
  const { ctx, worklist, now } = props;
  switch (worklist.kind) {
    case 'doctor':
      return (
        <>
          <ClinicalAlertsCount ctx={ctx} count={worklist.clinicalAlerts} />
          <MyTasksSection ctx={ctx} tasks={worklist.tasks} />
          <DoctorWorklistView ctx={ctx} worklist={worklist} />
        </>
      );
    case 'nurse':
      return (
        <>
          <ClinicalAlertsCount ctx={ctx} count={worklist.clinicalAlerts} />
          <MyTasksSection ctx={ctx} tasks={worklist.tasks} />
          <Card title={t(ctx, 'home.nurse_title', { department: worklist.department?.name ?? '' })} id="department-today">
            {worklist.board ? (
              <DayTable ctx={ctx} now={now} board={worklist.board} checkIn={false} />
            ) : (
              <EmptyState title={ctx.t('home.nurse_no_department')} />
            )}
          </Card>
        </>
      );
    case 'reception':
      return (
        <Card
          title={ctx.t('home.arrivals_title')}
          id="arrivals"
          actions={<LinkButton href="/staff/schedule">{ctx.t('home.arrivals_board_action')}</LinkButton>}
        >
          <DayTable ctx={ctx} now={now} board={worklist.board} checkIn={true} />
        </Card>
      );
    case 'admin':
      return <AdminWorklistView ctx={ctx} worklist={worklist.worklist} privacyOfficer={props.privacyOfficer} />;
    default:
      return null;
  }
}

/** How many clinical alerts wait for the clinician, linking to "My clinical alerts" (one click, no patient data). */
function ClinicalAlertsCount(props: { ctx: PageContext; count: number }) {
  const { ctx, count } = props;
  return (
    <Card title={ctx.t('nav.clinical_alerts')} id="clinical-alerts">
      <p>
        <a href="/clinical-alerts">{count > 0 ? ctx.t('clinical_alerts.home_count', { count }) : ctx.t('clinical_alerts.home_none')}</a>
      </p>
    </Card>
  );
}

const t = (ctx: PageContext, key: string, values?: Record<string, string | number>) => ctx.t(key, values);

/** A day of appointments: time (viewer's zone, named), patient, clinician, status, and check-in where allowed. */
function DayTable(props: { ctx: PageContext; now: Date; board: DayBoard; checkIn: boolean }) {
  const { ctx, board } = props;
  const today = localDateOf(props.now, ctx.timeZone);
  return (
    <>
      <p class="hint">{ctx.t('home.times_in_zone', { zone: ctx.timeZone })}</p>
      <Table
        caption={ctx.t('home.day_caption')}
        empty={ctx.t('home.day_empty')}
        rows={board.view.appointments}
        columns={[
          { header: ctx.t('home.col_time'), cell: (a) => timeOfDay(ctx, a.startsAt) },
          {
            header: ctx.t('home.col_patient'),
            cell: (a) => {
              const label = board.view.patients.get(a.patientId);
              return label ? <a href={`/staff/patients/${a.patientId}`}>{`${label.name} (${label.mrn})`}</a> : '—';
            },
          },
          { header: ctx.t('home.col_clinician'), cell: (a) => board.clinicians.get(a.staffId) ?? '—' },
          { header: ctx.t('home.col_status'), cell: (a) => <StatusBadge ctx={ctx} status={a.status} /> },
          ...(props.checkIn
            ? [
                {
                  header: ctx.t('home.col_action'),
                  cell: (a: DayBoard['view']['appointments'][number]) => (
                    <StatusActions ctx={ctx} appointment={a} now={props.now} back={{ back: 'schedule', date: today }} only="check_in" />
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function DoctorWorklistView(props: { ctx: PageContext; worklist: DoctorWorklist }) {
  const { ctx, worklist } = props;
  const { t: tr } = ctx;
  return (
    <div class="worklist" id="worklist">
      <Card title={tr('home.today_title')} id="today">
        <p class="hint">{tr('home.times_in_zone', { zone: ctx.timeZone })}</p>
        <Table
          caption={tr('home.today_title')}
          empty={tr('home.today_empty')}
          rows={worklist.today}
          columns={[
            { header: tr('home.col_time'), cell: (r) => timeOfDay(ctx, r.startsAt) },
            {
              header: tr('home.col_patient'),
              cell: (r) => <a href={`/staff/patients/${r.patientId}/chart`}>{`${r.patientName} (${r.mrn})`}</a>,
            },
            { header: tr('home.col_status'), cell: (r) => <StatusBadge ctx={ctx} status={r.status as never} /> },
            {
              header: tr('home.col_action'),
              cell: (r) =>
                r.encounterId ? (
                  <LinkButton href={`/staff/encounters/${r.encounterId}`}>{tr('home.view_encounter')}</LinkButton>
                ) : (
                  <LinkButton href={`/staff/encounters/new?appointmentId=${r.appointmentId}`} variant="primary">
                    {tr('home.open_encounter')}
                  </LinkButton>
                ),
            },
          ]}
        />
        <p>
          <a href="/staff/today">{tr('home.today_all')}</a>
        </p>
      </Card>
      <Card title={tr('home.drafts_title', { count: worklist.drafts.length })} id="notes-to-sign">
        {worklist.drafts.length === 0 ? (
          <EmptyState title={tr('home.drafts_empty')} />
        ) : (
          <ul class="worklist-items">
            {worklist.drafts.map((d) => (
              <li>
                <a href={`/staff/encounters/${d.encounterId}`}>
                  {tr('home.draft_item', {
                    type: tr(`records.enc_type_${d.encounterType}`),
                    date: d.encounterStartedAt ? when(ctx, d.encounterStartedAt) : when(ctx, d.updatedAt),
                  })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={tr('home.uploads_title')} id="uploads">
        <PatientList
          ctx={ctx}
          rows={worklist.uploads}
          empty={tr('home.uploads_empty')}
          href={(p) => `/staff/patients/${p.patientId}/documents`}
          detail={(p) => tr('home.uploads_count', { count: p.attention.newPatientDocuments })}
        />
      </Card>
      <Card title={tr('home.attention_title')} id="attention">
        <PatientList
          ctx={ctx}
          rows={worklist.attention}
          empty={tr('home.attention_empty')}
          href={(p) => `/staff/patients/${p.patientId}/chart`}
          detail={(p) => attentionText(ctx, p)}
        />
        <p>
          <a href="/staff/my-patients">{tr('home.attention_all')}</a>
        </p>
      </Card>
    </div>
  );
}

/** What is pending for an assigned patient, in words. */
function attentionText(ctx: PageContext, p: AssignedPatient): string {
  const parts: string[] = [];
  if (p.attention.draftNotes > 0) parts.push(ctx.t('home.attention_drafts', { count: p.attention.draftNotes }));
  if (p.attention.carePlanReviewsDue > 0) parts.push(ctx.t('home.attention_reviews', { count: p.attention.carePlanReviewsDue }));
  if (p.attention.newPatientDocuments > 0) parts.push(ctx.t('home.uploads_count', { count: p.attention.newPatientDocuments }));
  if (p.attention.todaysAppointment)
    parts.push(ctx.t('home.attention_visit_today', { time: timeOfDay(ctx, p.attention.todaysAppointment.startsAt) }));
  return parts.join(' · ');
}

function PatientList(props: {
  ctx: PageContext;
  rows: AssignedPatient[];
  empty: string;
  href: (p: AssignedPatient) => string;
  detail: (p: AssignedPatient) => string;
}) {
  if (props.rows.length === 0) return <EmptyState title={props.empty} />;
  return (
    <ul class="worklist-items">
      {props.rows.map((p) => (
        <li>
          <a href={props.href(p)}>{`${p.name} (${p.mrn})`}</a> <span class="hint">{props.detail(p)}</span>
        </li>
      ))}
    </ul>
  );
}

function AdminWorklistView(props: { ctx: PageContext; worklist: AdminWorklist; privacyOfficer: boolean }) {
  const { ctx, worklist } = props;
  const { t: tr } = ctx;
  const check = worklist.lastChainCheck;
  return (
    <Card title={tr('home.admin_title')} id="needs-action">
      <ul class="worklist-items">
        <li id="dead-messages">
          <a href="/admin/outbox?status=dead">{tr('home.admin_dead', { count: worklist.deadMessages })}</a>{' '}
          {worklist.deadMessages > 0 && <Badge kind="danger">{tr('home.needs_action')}</Badge>}
        </li>
        <li id="privacy-reviews">
          {props.privacyOfficer ? (
            <a href="/staff/privacy-reviews">{tr('home.admin_reviews', { count: worklist.openPrivacyReviews })}</a>
          ) : (
            <span>{tr('home.admin_reviews', { count: worklist.openPrivacyReviews })}</span>
          )}{' '}
          {worklist.openPrivacyReviews > 0 && <Badge kind="warning">{tr('home.needs_action')}</Badge>}
        </li>
        <li id="invitations">
          <a href="/admin/staff?status=invited">{tr('home.admin_invitations', { count: worklist.pendingInvitations })}</a>
        </li>
        <li id="audit-chain">
          {check ? (
            <span>
              {tr(check.ok ? 'home.admin_chain_ok' : 'home.admin_chain_broken', { date: when(ctx, check.at) })}{' '}
              <Badge kind={check.ok ? 'success' : 'danger'}>{tr(check.ok ? 'home.chain_intact' : 'home.needs_action')}</Badge>
            </span>
          ) : (
            <span>{tr('home.admin_chain_never')}</span>
          )}{' '}
          <a href="/admin/audit">{tr('home.admin_chain_verify')}</a>
        </li>
      </ul>
    </Card>
  );
}
