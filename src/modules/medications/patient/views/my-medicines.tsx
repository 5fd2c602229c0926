import type { FieldError } from '../../../../platform/errors.js';
import {
  Alert,
  Button,
  Card,
  DescriptionList,
  Form,
  StatusChip,
  Table,
  TextArea,
  type Tone,
} from '../../../../platform/views/components.js';
import type { IconName } from '../../../../platform/views/icons.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatDose, formatFrequency, formatWhen } from '../../views/prescription-format.js';
import type { RenewalStatus } from '../patient-medicines.tables.js';
import type { MyMedicineDto, RenewalRequestDto } from '../patient-medicines.schemas.js';

const MEDICINE_TONES: Record<MyMedicineDto['status'], [Tone, IconName]> = {
  signed: ['ok', 'check'],
  completed: ['neutral', 'circle-check'],
  stopped: ['neutral', 'ban'],
};

export function MedicineStatusChip(props: { ctx: PageContext; status: MyMedicineDto['status'] }) {
  const [tone, icon] = MEDICINE_TONES[props.status];
  return (
    <StatusChip tone={tone} icon={icon}>
      {props.ctx.t(`my_medicines.status_${props.status}`)}
    </StatusChip>
  );
}

const RENEWAL_TONES: Record<RenewalStatus, [Tone, IconName]> = {
  pending: ['info', 'clock'],
  approved: ['ok', 'check'],
  denied: ['warning', 'circle-x'],
  cancelled: ['neutral', 'ban'],
};

export function RenewalStatusChip(props: { ctx: PageContext; status: RenewalStatus }) {
  const [tone, icon] = RENEWAL_TONES[props.status];
  return (
    <StatusChip tone={tone} icon={icon}>
      {props.ctx.t(`my_medicines.renewal_status_${props.status}`)}
    </StatusChip>
  );
}

function MedicineTable(props: { ctx: PageContext; caption: string; empty: string; items: MyMedicineDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={props.caption}
      rows={props.items}
      empty={props.empty}
      columns={[
        { header: t('my_medicines.field_product'), cell: (m) => <a href={`/portal/medicines/${m.id}`}>{m.product.name}</a> },
        { header: t('my_medicines.field_dose'), cell: (m) => formatDose(ctx, m.dose) },
        { header: t('my_medicines.field_frequency'), cell: (m) => formatFrequency(ctx, m.frequency) },
        { header: t('my_medicines.field_prescriber'), cell: (m) => m.prescriber.name ?? '—' },
        { header: t('my_medicines.field_signed'), cell: (m) => (m.signedAt ? formatWhen(ctx, m.signedAt) : '—') },
        {
          header: t('my_medicines.field_status'),
          cell: (m) => (
            <>
              <MedicineStatusChip ctx={ctx} status={m.status} />
              {m.renewal?.status === 'pending' && (
                <>
                  {' '}
                  <RenewalStatusChip ctx={ctx} status="pending" />
                </>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

/** "My medicines": what the patient takes now, and what they took before. */
export function MyMedicinesPage(props: { ctx: PageContext; items: MyMedicineDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('my_medicines.title')}>
      <PageHeader title={t('my_medicines.title')} subtitle={t('my_medicines.intro')} />
      <Card title={t('my_medicines.active')} id="active">
        <MedicineTable
          ctx={ctx}
          caption={t('my_medicines.active')}
          empty={t('my_medicines.active_empty')}
          items={props.items.filter((m) => m.active)}
        />
      </Card>
      <Card title={t('my_medicines.past')} id="past">
        <MedicineTable
          ctx={ctx}
          caption={t('my_medicines.past')}
          empty={t('my_medicines.past_empty')}
          items={props.items.filter((m) => !m.active)}
        />
      </Card>
    </Layout>
  );
}

export interface RenewalFormState {
  errors?: FieldError[];
  message?: string;
  note?: string;
}

/** One medicine: how to take it, who prescribed it and when, the PDF for a pharmacy, renewal. */
export function MyMedicinePage(props: {
  ctx: PageContext;
  medicine: MyMedicineDto & { renewals: RenewalRequestDto[] };
  form?: RenewalFormState;
  done?: string;
}) {
  const { ctx, medicine: m } = props;
  const { t } = ctx;
  const ends = m.endsAt ? formatWhen(ctx, m.endsAt) : m.durationDays ? t('my_medicines.duration_days', { n: m.durationDays }) : '—';
  return (
    <Layout ctx={ctx} title={m.product.name}>
      <PageHeader title={m.product.name} subtitle={<MedicineStatusChip ctx={ctx} status={m.status} />} />
      {props.done && <Alert kind="success">{t(`my_medicines.done_${props.done}`)}</Alert>}
      <Card title={t('my_medicines.how_to_take')} id="how">
        <DescriptionList
          items={[
            [t('my_medicines.field_dose'), `${formatDose(ctx, m.dose)} · ${t(`medications.route_${m.route}`)}`],
            [t('my_medicines.field_frequency'), formatFrequency(ctx, m.frequency)],
            [t('my_medicines.field_instructions'), m.instructions ?? t('my_medicines.no_instructions')],
            [t('my_medicines.field_starts'), formatWhen(ctx, m.startsAt)],
            [t('my_medicines.field_ends'), ends],
            [t('my_medicines.field_quantity'), m.quantity ? formatDose(ctx, m.quantity) : '—'],
            [t('my_medicines.field_refills'), String(m.refills)],
            [t('my_medicines.field_prescriber'), m.prescriber.name ?? '—'],
            [t('my_medicines.field_signed'), m.signedAt ? formatWhen(ctx, m.signedAt) : '—'],
            ...(m.stoppedAt ? ([[t('my_medicines.field_stopped'), formatWhen(ctx, m.stoppedAt)]] as [string, string][]) : []),
          ]}
        />
      </Card>
      {m.active && (
        <Card title={t('my_medicines.pdf_card')} id="pdf">
          <p>{t('my_medicines.pdf_explain')}</p>
          <Form ctx={ctx} action={`/portal/medicines/${m.id}/prescription.pdf`}>
            <Button>{t('my_medicines.pdf_download')}</Button>
          </Form>
        </Card>
      )}
      <Card title={t('my_medicines.renewal_card')} id="renewal">
        {props.form?.message && <Alert kind="danger">{props.form.message}</Alert>}
        {m.renewals.length > 0 && (
          <Table
            caption={t('my_medicines.renewal_card')}
            rows={m.renewals}
            empty=""
            columns={[
              { header: t('my_medicines.renewal_asked'), cell: (r) => formatWhen(ctx, r.createdAt) },
              { header: t('my_medicines.field_status'), cell: (r) => <RenewalStatusChip ctx={ctx} status={r.status} /> },
              { header: t('my_medicines.renewal_reason'), cell: (r) => r.denialReason ?? '—' },
              {
                header: t('my_medicines.renewal_actions'),
                cell: (r) =>
                  r.status === 'pending' ? (
                    <Form ctx={ctx} action={`/portal/renewal-requests/${r.id}/cancel`} class="form form--inline">
                      <Button variant="secondary">{t('my_medicines.renewal_cancel')}</Button>
                    </Form>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
        {m.canRequestRenewal ? (
          <Form ctx={ctx} action={`/portal/medicines/${m.id}/renewal`}>
            <TextArea name="note" label={t('my_medicines.renewal_note')} value={props.form?.note ?? null} errors={props.form?.errors} />
            <Button>{t('my_medicines.renewal_ask')}</Button>
          </Form>
        ) : (
          m.status === 'stopped' && <p>{t('my_medicines.renewal_not_possible')}</p>
        )}
      </Card>
      <p>
        <a href="/portal/medicines">{t('my_medicines.back')}</a>
      </p>
    </Layout>
  );
}
