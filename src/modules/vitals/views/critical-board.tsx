import { Badge, Button, EmptyState, Form, SelectField, StatusChip, Table } from '../../../platform/views/components.js';
import { formatNumber, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { CLINICAL_ALERT_CHANGED_EVENT } from '../../clinical-alerts/index.js';
import { OBSERVATION_CODES, unitLabel } from '../../records/index.js';
import type { CriticalBoard, CriticalBoardRow } from '../services/critical-board.service.js';
import { VITAL_CODES, VITALS_RECORDED_EVENT } from '../vitals.vocabulary.js';
import { acvpuOf } from '../services/vital-set-view.js';

const when = (ctx: PageContext, d: Date) => formatZonedDateTime(ctx.locale, d, ctx.timeZone, 'short');
const number = (ctx: PageContext, value: number) => formatNumber(ctx.locale, value, { maximumFractionDigits: 1 });

/** The newest value of each vital with its time. */
function LatestVitals(props: { ctx: PageContext; row: CriticalBoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  if (row.latest.length === 0) return <span>{t('vitals.never')}</span>;
  return (
    <ul class="plain-list">
      {row.latest.map((r) => (
        <li key={r.code}>
          <strong>{t(`records.obs_${OBSERVATION_CODES[r.code]!.key}`)}</strong>:{' '}
          {r.code === VITAL_CODES.consciousness ? t(`vitals.acvpu_${acvpuOf(r.value)}`) : `${number(ctx, r.value)} ${unitLabel(r.unit)}`}{' '}
          <small>({when(ctx, r.effectiveAt)})</small>
        </li>
      ))}
      {row.last?.onOxygen && (
        <li>
          <Badge kind="info">{t('vitals.oxygen')}</Badge>
        </li>
      )}
    </ul>
  );
}

/** NEWS2 of the latest set in words (total, band, red score), never by colour alone. */
function News2Cell(props: { ctx: PageContext; row: CriticalBoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  const last = row.last;
  if (!last) return <span>—</span>;
  if (last.news2Status === 'not_applicable' || last.news2Status === 'not_scored')
    return <Badge kind="neutral">{t(`vitals.news2_status_${last.news2Status}`)}</Badge>;
  const kind = last.news2Response === 'emergency' ? 'danger' : last.news2Response === 'urgent' ? 'warning' : 'neutral';
  return (
    <>
      <Badge kind={kind}>
        {last.news2Total === null ? t('vitals.news2_status_incomplete') : t('vitals.news2_total', { total: last.news2Total })}
        {last.news2Red ? ` · ${t('vitals.red_score')}` : ''}
      </Badge>
      {last.news2Risk && <div>{t('vitals.board_band', { risk: t(`vitals.risk_${last.news2Risk}`) })}</div>}
    </>
  );
}

function TrendCell(props: { ctx: PageContext; row: CriticalBoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  if (row.trend.length === 0) return <span>—</span>;
  return (
    <>
      <span>{row.trend.join(' → ')}</span>
      {row.direction && (
        <div>
          <small>{t(`vitals.trend_${row.direction}`)}</small>
        </div>
      )}
    </>
  );
}

function AlertsCell(props: { ctx: PageContext; row: CriticalBoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  if (row.openAlerts.length === 0) return <span>{t('vitals.board_no_alerts')}</span>;
  return (
    <>
      <StatusChip tone="danger">{t('vitals.board_open_alerts', { count: row.openAlerts.length })}</StatusChip>
      <ul class="plain-list">
        {row.openAlerts.map((a) => (
          <li key={a.id}>
            {a.onViewersChain ? (
              <a href={`/clinical-alerts/${a.id}`}>{t(`clinical_alerts.kind_${a.kind}`)}</a>
            ) : (
              t(`clinical_alerts.kind_${a.kind}`)
            )}{' '}
            <small>({when(ctx, a.raisedAt)})</small>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The board's table; the page swaps it in place when the event stream says a set or an alert changed. */
export function CriticalBoardTable(props: { ctx: PageContext; board: CriticalBoard }) {
  const { ctx, board } = props;
  const { t } = ctx;
  const query = board.departmentId ? `?department=${board.departmentId}` : '';
  return (
    <div
      id="critical-board"
      hx-get={`/staff/vitals/board/table${query}`}
      hx-trigger={`carewell:${VITALS_RECORDED_EVENT} from:document, carewell:${CLINICAL_ALERT_CHANGED_EVENT} from:document`}
      hx-swap="outerHTML"
      hx-headers='{"X-Carewell-Background": "1"}'
    >
      {!board.departmentId ? (
        <EmptyState title={t('vitals.round_no_department')} />
      ) : (
        <Table
          caption={t('vitals.board_title')}
          rows={board.rows}
          empty={t('vitals.board_empty')}
          columns={[
            {
              header: t('vitals.col_patient'),
              cell: (r) => (
                <a href={`/staff/patients/${r.patient.id}/vitals`}>
                  {r.patient.name} ({r.patient.mrn})
                </a>
              ),
            },
            { header: t('vitals.col_latest'), cell: (r) => <LatestVitals ctx={ctx} row={r} /> },
            { header: t('vitals.col_news2'), cell: (r) => <News2Cell ctx={ctx} row={r} /> },
            { header: t('vitals.col_trend'), cell: (r) => <TrendCell ctx={ctx} row={r} /> },
            {
              header: t('vitals.col_due'),
              cell: (r) =>
                r.overdue ? (
                  <Badge kind="warning">{t('vitals.overdue')}</Badge>
                ) : r.last?.nextDueAt ? (
                  when(ctx, r.last.nextDueAt)
                ) : (
                  t('vitals.up_to_date')
                ),
            },
            { header: t('vitals.col_alerts'), cell: (r) => <AlertsCell ctx={ctx} row={r} /> },
          ]}
        />
      )}
    </div>
  );
}

/** The live board of critical patients of a department (docs/vitals.md). */
export function CriticalBoardPage(props: { ctx: PageContext; board: CriticalBoard }) {
  const { ctx, board } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('vitals.board_title')} wide>
      <PageHeader title={t('vitals.board_title')} subtitle={t('vitals.board_intro', { zone: zoneLabel(ctx.timeZone) })} />
      <Form ctx={ctx} action="/staff/vitals/board" method="get" class="form form--inline">
        <SelectField
          name="department"
          label={t('vitals.board_department')}
          value={board.departmentId}
          includeBlank={board.departmentId ? undefined : t('vitals.board_choose_department')}
          options={board.departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <Button>{t('vitals.board_show')}</Button>
      </Form>
      <CriticalBoardTable ctx={ctx} board={board} />
    </Layout>
  );
}
