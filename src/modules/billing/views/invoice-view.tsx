import type { ComponentChildren } from 'preact';
import { Alert, Button, Card, DescriptionList, Field, Form, LinkButton, SelectField, Table } from '../../../platform/views/components.js';
import { formatCalendarDate, formatDateTimeInZone, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { FieldError } from '../../../platform/errors.js';
import type { InvoiceDto, PaymentDto } from '../billing.schemas.js';
import { PAYMENT_METHODS, REASON_MAX, REFERENCE_MAX } from '../billing.vocabulary.js';
import { InvoiceDocumentLinks } from '../documents/document-links.js';
import { formatMoney, formatRate, InvoiceStatusBadge, Money } from './billing-parts.js';

export interface InvoicePageProps {
  ctx: PageContext;
  invoice: InvoiceDto;
  /** Billing staff's view: the actions on the invoice and the way back to the patient's billing. */
  staff: boolean;
  notice?: string;
  refusal?: string;
  /** Field errors of the form sent back (void, payment, refund). */
  formErrors?: FieldError[];
  /** The patient's view: the claim to their insurer for this bill, to follow its timeline. */
  claimId?: string;
  /** Staff: the billing tier's encounter of each charge on the invoice (charge id → encounter id). */
  encounters?: ReadonlyMap<string, string>;
  /** The patient's online payment part (online-payments/), after the payments. */
  online?: ComponentChildren;
}

/**
 * One invoice: its status, number, lines (priced, taxed per line, the insurer's and the patient's
 * share) and totals. Billing staff issue or discard a draft and void an issued one; the patient
 * sees the same invoice without the actions.
 */
export function InvoicePage(props: InvoicePageProps) {
  const { ctx, invoice } = props;
  const { t } = ctx;
  const money = (minor: number) => <Money ctx={ctx} minor={minor} currency={invoice.currency} />;
  const title = invoice.number ? t('billing.invoice_title', { number: invoice.number }) : t('billing.draft_title');
  const back = props.staff ? `/staff/billing/patients/${invoice.patient.id}` : '/portal/bills';
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={invoice.patient.name}
        actions={<LinkButton href={back}>{props.staff ? t('billing.back_to_patient') : t('billing.back_to_bills')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{t(`billing.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      {props.claimId && (
        <p>
          <a href={`/portal/claims/${props.claimId}`}>{t('insurance.follow_claim')}</a>
        </p>
      )}
      <Card>
        <DescriptionList
          items={[
            [t('billing.col_status'), <InvoiceStatusBadge ctx={ctx} status={invoice.status} />],
            [t('billing.patient_mrn'), invoice.patient.mrn],
            [t('billing.issued_at'), invoice.issuedAt ? formatZonedDateTime(ctx.locale, new Date(invoice.issuedAt), ctx.timeZone) : null],
            [t('billing_capture.due_on'), invoice.dueOn ? formatCalendarDate(ctx.locale, invoice.dueOn) : null],
            [t('billing.total'), money(invoice.totalMinor)],
            [t('billing.insurer_share'), money(invoice.insurerShareMinor)],
            [t('billing.patient_share'), money(invoice.patientShareMinor)],
            [t('billing.paid'), money(invoice.paidMinor)],
            ...(invoice.creditedMinor > 0
              ? [[t('billing_docs.credited'), money(invoice.creditedMinor)] as [string, ComponentChildren]]
              : []),
            ...(invoice.adjustedMinor > 0
              ? [[t('billing_docs.adjusted'), money(invoice.adjustedMinor)] as [string, ComponentChildren]]
              : []),
            [t('billing.balance'), money(invoice.balanceMinor)],
            ...(invoice.refundDueMinor > 0
              ? [[t('billing_docs.refund_due'), money(invoice.refundDueMinor)] as [string, ComponentChildren]]
              : []),
            ...(invoice.voidReason ? [[t('billing.void_reason'), invoice.voidReason] as [string, string]] : []),
          ]}
        />
      </Card>
      <Table
        caption={t('billing.lines_caption')}
        rows={invoice.lines}
        empty={t('billing.lines_empty')}
        columns={[
          { header: t('billing.col_service'), cell: (l) => l.description },
          { header: t('billing.col_date'), cell: (l) => formatCalendarDate(ctx.locale, l.serviceDate) },
          { header: t('billing.col_quantity'), cell: (l) => String(l.quantity) },
          { header: t('billing.col_unit_price'), cell: (l) => money(l.unitPriceMinor) },
          {
            header: t('billing.col_tax'),
            cell: (l) => `${formatMoney(ctx.locale, l.taxMinor, invoice.currency)} (${formatRate(ctx.locale, l.taxRateBp)})`,
          },
          { header: t('billing.col_total'), cell: (l) => money(l.totalMinor) },
          { header: t('billing.insurer_share'), cell: (l) => money(l.insurerShareMinor) },
          { header: t('billing.patient_share'), cell: (l) => money(l.patientShareMinor) },
          ...(props.encounters
            ? [
                {
                  header: t('billing_capture.encounter_title'),
                  cell: (l: InvoiceDto['lines'][number]) => {
                    const encounterId = props.encounters!.get(l.chargeId);
                    return encounterId ? (
                      <a href={`/staff/billing/encounters/${encounterId}`}>{t('billing_capture.open_encounter')}</a>
                    ) : (
                      ''
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <p class="muted">{t('billing.rounding_note')}</p>
      {invoice.status !== 'draft' && <InvoiceDocumentLinks ctx={ctx} invoice={invoice} staff={props.staff} />}
      <PaymentsSection {...props} />
      {props.online}
      {props.staff && <InvoiceActions {...props} />}
    </Layout>
  );
}

function InvoiceActions(props: InvoicePageProps) {
  const { ctx, invoice } = props;
  const { t } = ctx;
  const base = `/staff/billing/invoices/${invoice.id}`;
  if (invoice.status === 'draft') {
    return (
      <Card title={t('billing.draft_actions')}>
        <Form ctx={ctx} action={`${base}/issue`} class="form form--inline">
          <Button>{t('billing.issue')}</Button>
        </Form>
        <Form ctx={ctx} action={`${base}/discard`} class="form form--inline" confirm={t('billing.discard_confirm')}>
          <Button variant="secondary">{t('billing.discard')}</Button>
        </Form>
      </Card>
    );
  }
  if (invoice.status === 'issued' && invoice.paidMinor === 0 && invoice.creditedMinor === 0 && invoice.adjustedMinor === 0) {
    return (
      <Card title={t('billing.void_title')}>
        <Form ctx={ctx} action={`${base}/void`}>
          <Field name="reason" label={t('billing.void_reason')} required maxLength={REASON_MAX} errors={props.formErrors} />
          <Button variant="danger">{t('billing.void')}</Button>
        </Form>
      </Card>
    );
  }
  return null;
}

/**
 * Payments and refunds on the invoice, oldest first (the patient sees them as their receipts);
 * billing staff take a payment while something is owed and refund a payment with a reason.
 */
function PaymentsSection(props: InvoicePageProps) {
  const { ctx, invoice } = props;
  const { t } = ctx;
  const owed = invoice.status === 'issued' || invoice.status === 'partly_paid';
  if (!owed && invoice.payments.length === 0) return null;
  return (
    <Card title={t('billing.payments_title')} id="payments">
      <Table
        caption={t('billing.payments_title')}
        rows={invoice.payments}
        empty={t('billing.payments_empty')}
        columns={[
          {
            header: t('billing.col_received', { zone: zoneLabel(ctx.timeZone) }),
            cell: (p) => formatDateTimeInZone(ctx.locale, new Date(p.receivedAt), ctx.timeZone),
          },
          { header: t('billing.col_kind'), cell: (p) => t(`billing.payment_kind_${p.kind}`) },
          { header: t('billing.col_method'), cell: (p) => t(`billing.method_${p.method}`) },
          {
            header: t('billing.col_amount'),
            cell: (p) => <Money ctx={ctx} minor={p.kind === 'refund' ? -p.amountMinor : p.amountMinor} currency={p.currency} />,
          },
          { header: t('billing.col_reference'), cell: (p) => (p.method === 'insurer' ? null : p.reference) ?? p.reason ?? '' },
          {
            header: t('billing.receipt'),
            cell: (p) => <a href={`${props.staff ? '/staff/billing' : '/portal'}/receipts/${p.id}`}>{t('billing.view_receipt')}</a>,
          },
          ...(props.staff ? [{ header: t('billing.col_actions'), cell: (p: PaymentDto) => <RefundForm ctx={ctx} payment={p} /> }] : []),
        ]}
      />
      {props.staff && owed && (
        <Form ctx={ctx} action={`/staff/billing/invoices/${invoice.id}/payments`}>
          <Field
            name="amount"
            label={t('billing.amount_label')}
            hint={t('billing.amount_hint')}
            required
            inputMode="text"
            errors={props.formErrors}
          />
          <SelectField
            name="method"
            label={t('billing.col_method')}
            required
            options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`billing.method_${m}`) }))}
            errors={props.formErrors}
          />
          <Field
            name="reference"
            label={t('billing.col_reference')}
            hint={t('billing.reference_hint')}
            maxLength={REFERENCE_MAX}
            errors={props.formErrors}
          />
          <Button>{t('billing.take_payment')}</Button>
        </Form>
      )}
    </Card>
  );
}

function RefundForm(props: { ctx: PageContext; payment: PaymentDto }) {
  const { ctx, payment } = props;
  const { t } = ctx;
  if (payment.kind !== 'payment') return null;
  return (
    <details class="add-form">
      <summary class="add-form-summary">{t('billing.refund')}</summary>
      <Form ctx={ctx} action={`/staff/billing/payments/${payment.id}/refund`}>
        <Field name="amount" label={t('billing.amount_label')} required inputMode="text" />
        <Field name="reason" label={t('billing.refund_reason')} required maxLength={REASON_MAX} />
        <Button variant="danger">{t('billing.refund')}</Button>
      </Form>
    </details>
  );
}
