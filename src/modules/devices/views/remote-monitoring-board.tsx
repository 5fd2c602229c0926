import { Alert, Button, Form, StatusChip, Table } from '../../../platform/views/components.js';
import { formatNumber, formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { OBSERVATION_CODES, SAME_QUANTITY, unitLabel } from '../../records/index.js';
import type { BoardRow } from '../devices.schemas.js';
import { REMOTE_MONITORING_EVENT } from '../devices.vocabulary.js';

/** Readings per line: the last and its trend. */
const TREND_SHOWN = 5;

const when = (ctx: PageContext, iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);
const number = (ctx: PageContext, value: number) => formatNumber(ctx.locale, value, { maximumFractionDigits: 1 });

/** Codes of one quantity (glucose and a glucometer's capillary glucose) make one line. */
const quantityOf = (code: string) => SAME_QUANTITY[code] ?? code;

/** The last reading of each measured quantity, then its trend (older values, newest first). */
function Readings(props: { ctx: PageContext; row: BoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  const codes = [...new Set(row.readings.map((r) => quantityOf(r.code)))];
  if (codes.length === 0) return <span>{t('devices.board_no_readings_yet')}</span>;
  return (
    <ul class="plain-list">
      {codes.map((code) => {
        // Newest first across the quantity's codes, as many as one code shows.
        const values = row.readings
          .filter((r) => quantityOf(r.code) === code)
          .sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt))
          .slice(0, TREND_SHOWN);
        const [last, ...before] = values;
        const key = OBSERVATION_CODES[code]?.key;
        return (
          <li key={code}>
            <strong>{key ? t(`records.obs_${key}`) : code}</strong>: {number(ctx, last!.value)} {unitLabel(last!.unit)}{' '}
            <small>({when(ctx, last!.effectiveAt)})</small>
            {before.length > 0 && (
              <small>
                {' '}
                · {t('devices.board_trend')}: {before.map((r) => number(ctx, r.value)).join(', ')}
              </small>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Flags(props: { ctx: PageContext; row: BoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  const flags = [];
  if (row.silentSince)
    flags.push(<StatusChip tone="warning">{t('devices.flag_silent', { since: when(ctx, row.silentSince) })}</StatusChip>);
  if (row.outOfRangeStreak > 0)
    flags.push(<StatusChip tone="warning">{t('devices.flag_streak', { count: row.outOfRangeStreak })}</StatusChip>);
  if (flags.length === 0) return <StatusChip tone="ok">{t('devices.flag_none')}</StatusChip>;
  return <>{flags}</>;
}

/**
 * Unreviewed alerts; those that reached the viewer link to the alert and have their own Acknowledge
 * button (the chain decides who may: anyone else would get 404), the others are named only.
 */
function OpenAlerts(props: { ctx: PageContext; row: BoardRow }) {
  const { ctx, row } = props;
  const { t } = ctx;
  if (row.openAlerts.length === 0) return <span>{t('devices.board_no_alerts')}</span>;
  return (
    <ul class="plain-list">
      {row.openAlerts.map((a) => (
        <li key={a.id}>
          <StatusChip tone="danger">{t('clinical_alerts.kind_remote_monitoring')}</StatusChip>{' '}
          {a.onYourChain ? <a href={`/clinical-alerts/${a.id}`}>{a.summary}</a> : a.summary} <small>({when(ctx, a.raisedAt)})</small>
          {a.onYourChain && (
            <Form ctx={ctx} action={`/clinical-alerts/${a.id}/acknowledge`} class="form form--inline">
              <input type="hidden" name="from" value="remote-monitoring" />
              <Button>{t('clinical_alerts.acknowledge_action')}</Button>
            </Form>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The board's table; the page swaps it in place when the event stream says an enrolment changed. */
export function RemoteMonitoringTable(props: { ctx: PageContext; rows: BoardRow[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <div
      id="remote-monitoring-board"
      hx-get="/staff/remote-monitoring/board"
      hx-trigger={`carewell:${REMOTE_MONITORING_EVENT} from:document`}
      hx-swap="outerHTML"
      hx-headers='{"X-Carewell-Background": "1"}'
    >
      <Table
        caption={t('devices.board_title')}
        rows={props.rows}
        empty={t('devices.board_empty')}
        columns={[
          {
            header: t('devices.col_patient'),
            cell: (r) => (
              <a href={`/staff/patients/${r.patient.id}`}>
                {r.patient.name} ({r.patient.mrn})
              </a>
            ),
          },
          { header: t('devices.col_programme'), cell: (r) => t(`devices.programme_${r.programme}`) },
          { header: t('devices.col_readings'), cell: (r) => <Readings ctx={ctx} row={r} /> },
          { header: t('devices.col_flags'), cell: (r) => <Flags ctx={ctx} row={r} /> },
          { header: t('devices.col_alerts'), cell: (r) => <OpenAlerts ctx={ctx} row={r} /> },
        ]}
      />
    </div>
  );
}

export function RemoteMonitoringPage(props: { ctx: PageContext; rows: BoardRow[]; done: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('devices.board_title')} wide>
      <PageHeader title={t('devices.board_title')} subtitle={t('devices.board_subtitle')} />
      {props.done && <Alert kind="success">{t('clinical_alerts.done_acknowledged')}</Alert>}
      <RemoteMonitoringTable ctx={ctx} rows={props.rows} />
    </Layout>
  );
}
