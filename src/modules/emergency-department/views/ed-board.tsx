import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { Badge, Button, Card, EmptyState, Field, Form, LinkButton, StatusChip, Table } from '../../../platform/views/components.js';
import { formatDateTimeInZone, formatZonedTime, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { INCIDENT_CHANGED_EVENT } from '../../emergency/index.js';
import { unidentifiedName } from '../../../platform/views/patient-banner.js';
import type { ArrivalDto, EdBoardDto, IncomingIncidentDto, PatientLabelDto } from '../ed.schemas.js';
import { ED_BOARD_CHANGED_EVENT } from '../ed.vocabulary.js';

/** The patient's name, or an unidentified patient's placeholder in the viewer's language. */
export function patientNameOf(ctx: PageContext, patient: PatientLabelDto): string {
  return patient.unidentified ? unidentifiedName(ctx, patient.unidentified) : patient.name;
}

/** "Name (MRN)" with the unidentified flag as a badge (words, not colour alone). */
export function PatientCell(props: { ctx: PageContext; patient: PatientLabelDto; href?: string }) {
  const { ctx, patient } = props;
  const text = `${patientNameOf(ctx, patient)} (${patient.mrn})`;
  return (
    <>
      {props.href ? <a href={props.href}>{text}</a> : text}
      {patient.unidentified && (
        <>
          {' '}
          <Badge kind="warning">{ctx.t('patients.unidentified_badge')}</Badge>
        </>
      )}
    </>
  );
}

/** The level by its label (never the raw number), in words and a chip: never by colour alone. */
export function LevelChip(props: { ctx: PageContext; arrival: Pick<ArrivalDto, 'level' | 'levelLabel'> }) {
  const { ctx, arrival } = props;
  if (arrival.level === null) return <Badge kind="warning">{ctx.t('ed.awaiting_triage')}</Badge>;
  const kind = arrival.level <= 2 ? 'danger' : arrival.level === 3 ? 'warning' : 'neutral';
  return <Badge kind={kind}>{arrival.levelLabel ?? ctx.t('ed.level_n', { level: arrival.level })}</Badge>;
}

/** "25 min · target 10 min" and an Overdue chip when the target passed. */
export function WaitCell(props: { ctx: PageContext; arrival: ArrivalDto }) {
  const { ctx, arrival } = props;
  const { t } = ctx;
  return (
    <>
      <span>{t('ed.minutes', { count: arrival.waitedMinutes })}</span>
      {arrival.targetMinutes !== null && <small> · {t('ed.target', { minutes: arrival.targetMinutes })}</small>}
      {arrival.overdue && (
        <div>
          <StatusChip tone="danger">{t('ed.overdue')}</StatusChip>
        </div>
      )}
    </>
  );
}

function ArrivalTable(props: { ctx: PageContext; rows: ArrivalDto[]; caption: string; empty: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={props.caption}
      rows={props.rows}
      empty={props.empty}
      columns={[
        { header: t('ed.col_patient'), cell: (a) => <PatientCell ctx={ctx} patient={a.patient} href={`/staff/ed/arrivals/${a.id}`} /> },
        { header: t('ed.col_level'), cell: (a) => <LevelChip ctx={ctx} arrival={a} /> },
        { header: t('ed.col_complaint'), cell: (a) => a.chiefComplaint },
        { header: t('ed.col_mode'), cell: (a) => t(`ed.mode_${a.mode}`) },
        {
          header: t('ed.col_arrived', { zone: zoneLabel(ctx.timeZone) }),
          cell: (a) => formatDateTimeInZone(ctx.locale, new Date(a.arrivedAt), ctx.timeZone, 'short'),
        },
        { header: t('ed.col_waited'), cell: (a) => <WaitCell ctx={ctx} arrival={a} /> },
      ]}
    />
  );
}

function IncomingTable(props: { ctx: PageContext; rows: IncomingIncidentDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('ed.incoming_title')}
      rows={props.rows}
      empty={t('ed.incoming_empty')}
      columns={[
        { header: t('ed.col_patient'), cell: (i) => <PatientCell ctx={ctx} patient={i.patient} /> },
        { header: t('ed.col_incident_status'), cell: (i) => t(`ed.incident_${i.status}`) },
        { header: t('ed.col_unit'), cell: (i) => (i.unit ? `${i.unit.callSign} · ${t(`ed.unit_${i.unit.status}`)}` : t('ed.no_unit')) },
        { header: t('ed.col_eta'), cell: (i) => (i.etaAt ? formatZonedTime(ctx.locale, new Date(i.etaAt), ctx.timeZone) : '—') },
        {
          header: t('ed.col_actions'),
          cell: (i) => <a href={`/staff/ed/arrivals/new?incident=${i.incidentId}`}>{t('ed.register_from_incident')}</a>,
        },
      ]}
    />
  );
}

/** The board's live part: re-read on every ED or incident event, and each minute for the waiting times. */
export function EdBoardContent(props: { ctx: PageContext; board: EdBoardDto }) {
  const { ctx, board } = props;
  const { t } = ctx;
  return (
    <div
      id="ed-board"
      hx-get="/staff/ed/board"
      hx-trigger={`carewell:${ED_BOARD_CHANGED_EVENT} from:document, carewell:${INCIDENT_CHANGED_EVENT} from:document, carewell:emergency.units.changed from:document, every 60s`}
      hx-swap="outerHTML"
      hx-headers='{"X-Carewell-Background": "1"}'
    >
      <Card title={t('ed.critical_title')} id="ed-critical">
        <ArrivalTable ctx={ctx} rows={board.critical} caption={t('ed.critical_title')} empty={t('ed.critical_empty')} />
      </Card>
      <Card title={t('ed.waiting_title')} id="ed-waiting">
        <ArrivalTable ctx={ctx} rows={board.waiting} caption={t('ed.waiting_title')} empty={t('ed.waiting_empty')} />
      </Card>
      <Card title={t('ed.incoming_title')} id="ed-incoming">
        <IncomingTable ctx={ctx} rows={board.incoming} />
      </Card>
      <Card title={t('ed.treatment_title')} id="ed-treatment">
        <ArrivalTable ctx={ctx} rows={board.inTreatment} caption={t('ed.treatment_title')} empty={t('ed.treatment_empty')} />
      </Card>
    </div>
  );
}

/** Calling a code blue from the board: the emergency department and its name already filled in. */
function CallCode(props: { ctx: PageContext; department: { id: string; name: string } }) {
  const { ctx, department } = props;
  const { t } = ctx;
  if (!ctx.actor || !roleHasPermission(ctx.actor.role, 'alerts.code-blue')) return null;
  return (
    <Card title={t('ed.call_code_title')} id="ed-call-code">
      <Form ctx={ctx} action="/alerts/code-blue" id="ed-code-blue-form">
        <input type="hidden" name="departmentId" value={department.id} />
        <Field name="location" label={t('ed.call_code_location')} value={department.name} required maxLength={200} />
        <div class="form-actions">
          <Button variant="danger">{t('ed.call_code_blue')}</Button>
          {roleHasPermission(ctx.actor.role, 'alerts.broadcast') && <LinkButton href="/alerts/new">{t('ed.other_alert')}</LinkButton>}
        </div>
      </Form>
    </Card>
  );
}

export function EdBoardPage(props: { ctx: PageContext; board: EdBoardDto | null; department: { id: string; name: string } | null }) {
  const { ctx, board, department } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('ed.board_title')} wide>
      <PageHeader
        title={t('ed.board_title')}
        subtitle={t('ed.board_subtitle', { zone: zoneLabel(ctx.timeZone) })}
        actions={
          board ? (
            <LinkButton href="/staff/ed/arrivals/new" variant="primary">
              {t('ed.register_arrival')}
            </LinkButton>
          ) : undefined
        }
      />
      {board && department ? (
        <>
          <EdBoardContent ctx={ctx} board={board} />
          <CallCode ctx={ctx} department={department} />
        </>
      ) : (
        <EmptyState title={t('ed.not_ed_staff')} />
      )}
    </Layout>
  );
}
