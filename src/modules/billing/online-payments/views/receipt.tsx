import { Card, DescriptionList, LinkButton } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { ReceiptDto } from '../services/receipts.service.js';

/** One payment's or refund's receipt: printable (the page prints without the navigation). */
export function ReceiptPage(props: { ctx: PageContext; receipt: ReceiptDto; staff: boolean }) {
  const { ctx, receipt } = props;
  const { t } = ctx;
  const invoicePath = props.staff ? `/staff/billing/invoices/${receipt.invoiceId}` : `/portal/bills/${receipt.invoiceId}`;
  const title = t(receipt.kind === 'refund' ? 'billing.refund_receipt_title' : 'billing.receipt_title');
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader
        title={title}
        subtitle={receipt.patientName}
        actions={<LinkButton href={invoicePath}>{t('billing.back_to_invoice')}</LinkButton>}
      />
      <Card>
        <DescriptionList
          items={[
            [t('billing.receipt_number'), receipt.id.slice(0, 8).toUpperCase()],
            [t('billing.invoice_number'), receipt.invoiceNumber],
            [t('billing.patient_mrn'), receipt.patientMrn],
            [
              t('billing.col_received', { zone: zoneLabel(ctx.timeZone) }),
              formatDateTimeInZone(ctx.locale, new Date(receipt.receivedAt), ctx.timeZone),
            ],
            [t('billing.col_method'), t(`billing.method_${receipt.method}`)],
            [t('billing.col_amount'), <Money ctx={ctx} minor={receipt.amountMinor} currency={receipt.currency} />],
            [t('billing.col_reference'), (receipt.method === 'insurer' ? null : receipt.reference) ?? receipt.reason ?? ''],
            [t('billing.balance'), <Money ctx={ctx} minor={receipt.invoiceBalanceMinor} currency={receipt.currency} />],
          ]}
        />
      </Card>
    </Layout>
  );
}
