import { formatZonedTime } from '../../../../platform/views/format.js';
import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Badge, Button, Card, Form, LinkButton, SelectField, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { ENCOUNTER_TYPES } from '../encounters.tables.js';

export interface TodayRow {
  appointmentId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  startsAt: Date;
  status: string;
  encounterId: string | null;
}

const time = (ctx: PageContext, d: Date) => formatZonedTime(ctx.locale, d, ctx.timeZone);

/** `/staff/today`: the clinician's appointments today, each with "Open encounter". */
export function EncounterTodayPage(props: { ctx: PageContext; rows: TodayRow[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('records.enc_today_title')}>
      <PageHeader title={t('records.enc_today_title')} subtitle={t('records.enc_today_intro')} />
      <Table
        caption={t('records.enc_today_title')}
        empty={t('records.enc_today_empty')}
        rows={props.rows}
        columns={[
          { header: t('records.enc_today_time'), cell: (r) => time(ctx, r.startsAt) },
          { header: t('records.enc_today_patient'), cell: (r) => `${r.patientName} (${r.mrn})` },
          { header: t('records.enc_status'), cell: (r) => <Badge kind="neutral">{t(`scheduling.appointment_status_${r.status}`)}</Badge> },
          {
            header: t('records.enc_today_action'),
            cell: (r) =>
              r.encounterId ? (
                <LinkButton href={`/staff/encounters/${r.encounterId}`}>{t('records.enc_view')}</LinkButton>
              ) : (
                <LinkButton href={`/staff/encounters/new?appointmentId=${r.appointmentId}`} variant="primary">
                  {t('records.enc_open')}
                </LinkButton>
              ),
          },
        ]}
      />
    </Layout>
  );
}

/** `/staff/encounters/new?appointmentId=`: confirm the type and open the encounter. */
export function EncounterNewPage(props: {
  ctx: PageContext;
  row: TodayRow;
  errors: FieldError[];
  message?: string | undefined;
  type?: string | undefined;
}) {
  const { ctx, row } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('records.enc_new_title')}>
      <PageHeader title={t('records.enc_new_title')} subtitle={`${row.patientName} (${row.mrn}) — ${time(ctx, row.startsAt)}`} />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      <Card>
        <Form ctx={ctx} action="/staff/encounters">
          <input type="hidden" name="patientId" value={row.patientId} />
          <input type="hidden" name="appointmentId" value={row.appointmentId} />
          <SelectField
            name="type"
            label={t('records.enc_type')}
            value={props.type ?? 'outpatient'}
            errors={props.errors}
            options={ENCOUNTER_TYPES.map((v) => ({ value: v, label: t(`records.enc_type_${v}`) }))}
          />
          <Button>{t('records.enc_open')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
