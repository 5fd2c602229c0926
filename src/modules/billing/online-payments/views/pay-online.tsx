import { Alert, Button, Card, Form, Table } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import type { OnlinePaymentDto } from '../services/online-payments.service.js';

export interface PayOnlineProps {
  ctx: PageContext;
  invoiceId: string;
  currency: string;
  /** The patient's share still owed: the amount "Pay online" takes. */
  dueMinor: number;
  payments: OnlinePaymentDto[];
  /** False when PAYMENT_PROVIDER=none: the bill says how to pay at the desk instead. */
  online: boolean;
  /** The payment the patient just came back from (`?online=`): its status is shown first. */
  returned?: OnlinePaymentDto;
}

const TONE = {
  pending: 'info',
  requires_action: 'info',
  succeeded: 'success',
  failed: 'danger',
  refund_due: 'warning',
  refunded: 'warning',
} as const;

/** The portal bill's online part: the status of a payment just made, "Pay online", the history. */
export function PayOnlineSection(props: PayOnlineProps) {
  const { ctx } = props;
  const { t } = ctx;
  const processing = props.returned && ['pending', 'requires_action'].includes(props.returned.status);
  return (
    <Card title={props.online ? t('billing.online_title') : t('billing_online.desk_title')} id="online">
      {props.returned && <Alert kind={TONE[props.returned.status]}>{t(`billing.online_returned_${props.returned.status}`)}</Alert>}
      {props.dueMinor > 0 && !props.online && <Alert kind="info">{t('billing_online.desk_instructions')}</Alert>}
      {props.dueMinor > 0 && props.online && !processing && (
        <Form ctx={ctx} action={`/portal/bills/${props.invoiceId}/pay`}>
          <p>
            {t('billing.online_due')} <Money ctx={ctx} minor={props.dueMinor} currency={props.currency} />
          </p>
          <Button>{t('billing.pay_online')}</Button>
        </Form>
      )}
      <Table
        caption={t('billing.online_history')}
        rows={props.payments}
        empty={t('billing.online_history_empty')}
        columns={[
          {
            header: t('billing.col_started', { zone: zoneLabel(ctx.timeZone) }),
            cell: (p) => formatDateTimeInZone(ctx.locale, new Date(p.createdAt), ctx.timeZone),
          },
          { header: t('billing.col_amount'), cell: (p) => <Money ctx={ctx} minor={p.amountMinor} currency={p.currency} /> },
          { header: t('billing.col_status'), cell: (p) => t(`billing.online_status_${p.status}`) },
          {
            header: t('billing.receipt'),
            cell: (p) => (p.paymentId ? <a href={`/portal/receipts/${p.paymentId}`}>{t('billing.view_receipt')}</a> : ''),
          },
        ]}
      />
    </Card>
  );
}
