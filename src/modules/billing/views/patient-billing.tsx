import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../platform/errors.js';
import type { BilledEncounterSummaryDto } from '../capture/encounter-billing.schemas.js';
import { BilledEncounters } from '../capture/views/encounter-billing.js';
import { AddForm, Alert, Button, Card, Field, Form, LinkButton, SelectField, Table } from '../../../platform/views/components.js';
import { formatCalendarDate } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ChargeItemDto, PatientBillingDto } from '../billing.schemas.js';
import { QUANTITY_MAX, REASON_MAX } from '../billing.vocabulary.js';
import { InvoiceStatusBadge, Money } from './billing-parts.js';

export const PATIENT_BILLING_NOTICES = [
  'charge_added',
  'charge_cancelled',
  'invoice_discarded',
  'eligibility_checked',
  'eligibility_refused',
] as const;
export type PatientBillingNotice = (typeof PATIENT_BILLING_NOTICES)[number];

type FormBack = { errors: FieldError[]; values: Record<string, unknown>; message?: string };

export interface PatientBillingPageProps {
  ctx: PageContext;
  data: PatientBillingDto;
  /** Current prices, for the add-charge form. */
  priceList: ChargeItemDto[];
  today: string;
  notice?: PatientBillingNotice;
  chargeForm?: FormBack;
  invoiceForm?: FormBack;
  refusal?: string;
  /** Billed encounters, each linking to its codes (the billing tier). */
  billedEncounters?: BilledEncounterSummaryDto[];
  /** The insurance part of the page (insurance/views/patient-insurance.tsx), when rendered. */
  insurance?: ComponentChildren;
}

/**
 * A patient's billing: unbilled charges (choose some and make a draft invoice, with the insurer's
 * share), a charge added by hand, and every invoice. Registration tier: codes and prices only.
 */
export function PatientBillingPage(props: PatientBillingPageProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const title = t('billing.patient_title', { name: data.patient.name });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={`${t('billing.patient_mrn')}: ${data.patient.mrn}`}
        actions={
          <>
            <LinkButton href={`/staff/billing/statements/${data.patient.id}`}>{t('billing_docs.statement_link')}</LinkButton>
            <LinkButton href="/staff/billing">{t('billing.back_to_queues')}</LinkButton>
          </>
        }
      />
      {props.notice && <Alert kind="success">{t(`billing.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      <UnbilledCard {...props} />
      <AddChargeForm {...props} />
      <h2>{t('billing.invoices_heading')}</h2>
      <Table
        caption={t('billing.invoices_heading')}
        rows={data.invoices}
        empty={t('billing.invoices_empty')}
        columns={[
          {
            header: t('billing.col_number'),
            cell: (i) => <a href={`/staff/billing/invoices/${i.id}`}>{i.number ?? t('billing.draft_title')}</a>,
          },
          { header: t('billing.col_status'), cell: (i) => <InvoiceStatusBadge ctx={ctx} status={i.status} /> },
          { header: t('billing.total'), cell: (i) => <Money ctx={ctx} minor={i.totalMinor} currency={i.currency} /> },
          { header: t('billing.balance'), cell: (i) => <Money ctx={ctx} minor={i.balanceMinor} currency={i.currency} /> },
        ]}
      />
      {props.billedEncounters && <BilledEncounters ctx={ctx} encounters={props.billedEncounters} />}
      {props.insurance}
    </Layout>
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The unbilled charges, chosen for a draft invoice (all ticked), each with a way to cancel it. */
function UnbilledCard(props: PatientBillingPageProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const base = `/staff/billing/patients/${data.patient.id}`;
  return (
    <Card title={t('billing.unbilled_heading')} id="unbilled">
      {props.invoiceForm?.message && <Alert kind="danger">{props.invoiceForm.message}</Alert>}
      <Form ctx={ctx} action={`${base}/invoices`} id="new-invoice">
        <Table
          caption={t('billing.unbilled_heading')}
          rows={data.unbilled}
          empty={t('billing.patient_unbilled_empty')}
          columns={[
            {
              header: t('billing.col_include'),
              cell: (c) => (
                <input
                  type="checkbox"
                  name="chargeIds"
                  value={c.id}
                  checked
                  aria-label={t('billing.include_charge', { service: c.description })}
                />
              ),
            },
            { header: t('billing.col_service'), cell: (c) => c.description },
            { header: t('billing.col_date'), cell: (c) => formatCalendarDate(ctx.locale, c.serviceDate) },
            { header: t('billing.col_quantity'), cell: (c) => String(c.quantity) },
            { header: t('billing.col_unit_price'), cell: (c) => <Money ctx={ctx} minor={c.unitPriceMinor} currency={c.currency} /> },
            { header: t('billing.col_source'), cell: (c) => t(`billing.source_${c.source}`) },
          ]}
        />
        {data.unbilled.length > 0 && (
          <>
            <Field
              name="insurerCoverage"
              label={t('billing.coverage_label')}
              hint={t('billing.coverage_hint')}
              inputMode="numeric"
              value={text(props.invoiceForm?.values.insurerCoverage) ?? '0'}
              errors={props.invoiceForm?.errors}
            />
            <Button>{t('billing.create_draft')}</Button>
          </>
        )}
      </Form>
      {data.unbilled.map((c) => (
        <details class="add-form">
          <summary class="add-form-summary">{t('billing.cancel_charge', { service: c.description })}</summary>
          <Form ctx={ctx} action={`/staff/billing/charges/${c.id}/cancel`}>
            <Field name="reason" label={t('billing.cancel_reason')} required maxLength={REASON_MAX} />
            <Button variant="danger">{t('billing.cancel_charge_button')}</Button>
          </Form>
        </details>
      ))}
    </Card>
  );
}

function AddChargeForm(props: PatientBillingPageProps) {
  const { ctx, data } = props;
  const { t } = ctx;
  const base = `/staff/billing/patients/${data.patient.id}`;
  const charge = props.chargeForm?.values ?? {};
  return (
    <AddForm title={t('billing.add_charge')} open={Boolean(props.chargeForm)}>
      {props.chargeForm?.message && <Alert kind="danger">{props.chargeForm.message}</Alert>}
      <Form ctx={ctx} action={`${base}/charges`}>
        <SelectField
          name="code"
          label={t('billing.col_service')}
          required
          options={props.priceList.map((i) => ({ value: i.code, label: `${i.name} (${i.code})` }))}
          value={text(charge.code)}
          errors={props.chargeForm?.errors}
        />
        <Field
          name="quantity"
          type="number"
          label={t('billing.col_quantity')}
          required
          value={text(charge.quantity) ?? '1'}
          errors={props.chargeForm?.errors}
        />
        <Field
          name="serviceDate"
          type="date"
          label={t('billing.col_date')}
          required
          value={text(charge.serviceDate) ?? props.today}
          errors={props.chargeForm?.errors}
        />
        <p class="muted">{t('billing.quantity_hint', { max: QUANTITY_MAX })}</p>
        <Button>{t('billing.add_charge')}</Button>
      </Form>
    </AddForm>
  );
}
