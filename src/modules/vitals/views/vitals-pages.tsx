import { Alert, Button, Checkbox, DescriptionList, Form, LinkButton, Table, TextArea } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientVitals } from '../services/vitals-queries.service.js';
import type { VitalSetDto } from '../vitals.schemas.js';
import { News2Badge, News2Response } from './news2-summary.js';
import { HOME_FIELDS, STAFF_FIELDS, VitalsEntryForm, type VitalsFormFailure } from './vitals-form.js';
import { fmt, VitalsTrends } from './vitals-trends.js';

/** The assets that draw the trends (served by the app; CSP script-src 'self'). */
export function ChartScripts() {
  return (
    <>
      <script src="/assets/chart.umd.min.js" defer></script>
      <script src="/assets/vitals-chart.js" defer></script>
    </>
  );
}

/** The readings of one set in a line: "RR 18 /min · SpO2 96 % · …" with flags in words. */
export function SetReadings(props: { ctx: PageContext; set: VitalSetDto }) {
  const { t } = props.ctx;
  const parts = props.set.readings.map(
    (r) => `${t(`vitals.field_${r.field}`)}: ${fmt(r.value)}${r.flag ? ` (${t('vitals.flag_implausible')})` : ''}`,
  );
  if (props.set.onOxygen !== null)
    parts.push(`${t('vitals.field_onOxygen')}: ${props.set.onOxygen ? t('vitals.oxygen') : t('vitals.air')}`);
  if (props.set.consciousness) parts.push(`${t('vitals.field_consciousness')}: ${t(`vitals.acvpu_${props.set.consciousness}`)}`);
  return <span>{parts.join(' · ')}</span>;
}

function SettingsCard(props: { ctx: PageContext; vitals: PatientVitals; canChange: boolean; failure?: VitalsFormFailure }) {
  const { ctx, vitals } = props;
  const { t } = ctx;
  const s = vitals.settings;
  const values = props.failure?.values ?? {};
  return (
    <section aria-labelledby="vitals-settings-h" class="card">
      <h2 id="vitals-settings-h">{t('vitals.settings_title')}</h2>
      <DescriptionList
        items={[
          [t('vitals.col_news2'), s.spo2Scale === 2 ? t('vitals.scale_2') : t('vitals.scale_1')],
          ...(s.spo2ScaleReason ? [[t('vitals.settings_scale_reason'), s.spo2ScaleReason] as [string, string]] : []),
          ...(s.pregnant ? [[t('vitals.settings_pregnant_now'), s.pregnancyReason ?? ''] as [string, string]] : []),
        ]}
      />
      {!vitals.news2Applicable && <Alert kind="info">{t('vitals.not_applicable_reason')}</Alert>}
      {props.canChange ? (
        <Form ctx={ctx} action={`/staff/patients/${vitals.patient.id}/vital-settings`} version={s.version ?? undefined}>
          {props.failure?.message && <Alert kind="danger">{props.failure.message}</Alert>}
          <Checkbox name="scale2" label={t('vitals.settings_scale2')} checked={values.scale2 !== undefined ? true : s.spo2Scale === 2} />
          <TextArea
            name="spo2ScaleReason"
            label={t('vitals.settings_scale_reason')}
            value={typeof values.spo2ScaleReason === 'string' ? values.spo2ScaleReason : (s.spo2ScaleReason ?? '')}
            errors={props.failure?.errors}
            rows={2}
          />
          <Checkbox name="pregnant" label={t('vitals.settings_pregnant')} checked={values.pregnant !== undefined ? true : s.pregnant} />
          <TextArea
            name="pregnancyReason"
            label={t('vitals.settings_pregnancy_reason')}
            value={typeof values.pregnancyReason === 'string' ? values.pregnancyReason : (s.pregnancyReason ?? '')}
            errors={props.failure?.errors}
            rows={2}
          />
          <Button variant="secondary">{t('vitals.settings_save')}</Button>
        </Form>
      ) : (
        <p class="hint">{t('vitals.settings_doctor_only')}</p>
      )}
    </section>
  );
}

/** The patient's vital signs in the chart: latest NEWS2 and response, entry, trends with bands, settings. */
export function PatientVitalsPage(props: {
  ctx: PageContext;
  vitals: PatientVitals;
  canEnter: boolean;
  canChangeSettings: boolean;
  entryFailure?: VitalsFormFailure;
  settingsFailure?: VitalsFormFailure;
  notice?: string;
}) {
  const { ctx, vitals } = props;
  const { t } = ctx;
  const latest = vitals.sets[0];
  const p = vitals.patient;
  return (
    <Layout ctx={ctx} title={t('vitals.chart_title', { name: p.name })} wide>
      <PageHeader
        title={t('vitals.chart_title', { name: p.name })}
        subtitle={`${t('vitals.col_mrn')} ${p.mrn}`}
        actions={
          <>
            <LinkButton href={`/staff/patients/${p.id}/chart`}>{t('records.chart_details_link')}</LinkButton>
            <LinkButton href={`/staff/patients/${p.id}/vitals/print`}>{t('vitals.print_link')}</LinkButton>
          </>
        }
      />
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      <section aria-labelledby="vitals-latest-h">
        <h2 id="vitals-latest-h">{t('vitals.latest')}</h2>
        {latest ? (
          <>
            <p>
              {formatZonedDateTime(ctx.locale, new Date(latest.takenAt), ctx.timeZone)} · <News2Badge ctx={ctx} news2={latest.news2} />
            </p>
            <p>
              <SetReadings ctx={ctx} set={latest} />
            </p>
            <News2Response ctx={ctx} news2={latest.news2} />
          </>
        ) : (
          <p>{t('vitals.no_sets')}</p>
        )}
      </section>
      {props.canEnter && (
        <section aria-labelledby="vitals-enter-h">
          <h2 id="vitals-enter-h">{t('vitals.enter')}</h2>
          <VitalsEntryForm ctx={ctx} action={`/staff/patients/${p.id}/vitals`} fields={STAFF_FIELDS} staff failure={props.entryFailure} />
        </section>
      )}
      <VitalsTrends ctx={ctx} sets={vitals.sets} deviceReadings={vitals.deviceReadings} scale={vitals.settings.spo2Scale} />
      <SettingsCard ctx={ctx} vitals={vitals} canChange={props.canChangeSettings} failure={props.settingsFailure} />
      <ChartScripts />
    </Layout>
  );
}

/** The patient's portal page: add home readings (calm, one task), then their chart. */
export function MyVitalsPage(props: { ctx: PageContext; vitals: PatientVitals; failure?: VitalsFormFailure; notice?: string }) {
  const { ctx, vitals } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('vitals.portal_title')}>
      <PageHeader title={t('vitals.portal_title')} subtitle={t('vitals.portal_intro')} />
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      <Alert kind="info">{t('vitals.portal_unwell')}</Alert>
      <section aria-labelledby="my-vitals-add-h">
        <h2 id="my-vitals-add-h">{t('vitals.portal_add')}</h2>
        <VitalsEntryForm ctx={ctx} action="/portal/vitals" fields={HOME_FIELDS} staff={false} failure={props.failure} />
      </section>
      {vitals.sets.length === 0 && vitals.deviceReadings.length === 0 ? (
        <p>{t('vitals.portal_empty')}</p>
      ) : (
        <VitalsTrends ctx={ctx} sets={vitals.sets} deviceReadings={vitals.deviceReadings} scale={1} />
      )}
      <ChartScripts />
    </Layout>
  );
}

/** The printable observation chart: one column per set (oldest first), one row per parameter. */
export function ObservationChartPrint(props: { ctx: PageContext; vitals: PatientVitals }) {
  const { ctx, vitals } = props;
  const { t } = ctx;
  const sets = [...vitals.sets].reverse();
  const rows = ['respiratoryRate', 'spo2', 'onOxygen', 'systolicBp', 'diastolicBp', 'pulse', 'consciousness', 'temperature', 'total'];
  const cell = (set: VitalSetDto, row: string): string => {
    if (row === 'total')
      return set.news2.total !== null
        ? String(set.news2.total)
        : set.news2.status === 'scored'
          ? ''
          : t(`vitals.news2_status_${set.news2.status}`);
    if (row === 'onOxygen') return set.onOxygen === null ? '' : set.onOxygen ? t('vitals.oxygen') : t('vitals.air');
    if (row === 'consciousness') return set.consciousness ? t(`vitals.acvpu_${set.consciousness}`) : '';
    const r = set.readings.find((x) => x.field === row);
    return r ? fmt(r.value) : '';
  };
  return (
    <Layout ctx={ctx} title={t('vitals.print_title', { name: vitals.patient.name })} wide>
      <PageHeader
        title={t('vitals.print_title', { name: vitals.patient.name })}
        subtitle={`${t('vitals.col_mrn')} ${vitals.patient.mrn} · ${vitals.settings.spo2Scale === 2 ? t('vitals.scale_2') : t('vitals.scale_1')}`}
        actions={
          <button type="button" class="btn btn--secondary no-print" data-print="1">
            {t('vitals.print_button')}
          </button>
        }
      />
      <div class="observation-chart">
        <Table
          caption={t('vitals.print_title', { name: vitals.patient.name })}
          rows={rows}
          empty={t('vitals.no_sets')}
          columns={[
            { header: '', cell: (row) => (row === 'total' ? t('vitals.total_chart') : t(`vitals.field_${row}`)) },
            ...sets.map((set) => ({
              header: formatZonedDateTime(ctx.locale, new Date(set.takenAt), ctx.timeZone, 'short'),
              cell: (row: string) => cell(set, row),
            })),
          ]}
        />
      </div>
      <p class="hint">{t('vitals.print_note')}</p>
      <ChartScripts />
    </Layout>
  );
}
