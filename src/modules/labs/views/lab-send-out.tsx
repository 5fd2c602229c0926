import { Badge, Card, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { LabOrderRow } from '../services/lab-orders.service.js';
import type { SendOutView } from '../services/lab-send-out.js';
import type { LabSendOutState } from '../labs.vocabulary.js';

/** Delivery in an icon and a word, never colour alone. */
const STATE_TONE: Record<LabSendOutState, 'success' | 'info' | 'warning' | 'danger'> = {
  sent: 'success',
  waiting: 'info',
  held: 'warning',
  failed: 'danger',
};

/**
 * A sent-out order: where it goes, the outside laboratory's own number once it answered, and each
 * message to the laboratory (new order, cancel) with its delivery in words. The message's text and
 * the laboratory's errors are never shown (they name the patient; the outbox keeps a code only).
 */
export function SendOutCard(props: { ctx: PageContext; order: LabOrderRow; messages: SendOutView[] }) {
  const { ctx, order, messages } = props;
  const { t } = ctx;
  if (!order.sendOut) return null;
  return (
    <Card title={t('labs.send_out_title')}>
      <p>{t('labs.send_out_explained')}</p>
      {order.fillerOrderNumber && (
        <p>
          {t('labs.filler_number')}: <strong>{order.fillerOrderNumber}</strong>
        </p>
      )}
      {messages.length === 0 ? (
        <p>{order.status === 'cancelled' ? t('labs.send_out_never_sent') : t('labs.send_out_at_collection')}</p>
      ) : (
        <Table
          caption={t('labs.send_out_messages')}
          rows={messages}
          empty=""
          columns={[
            { header: t('labs.send_out_col_message'), cell: (m) => t(`labs.send_out_control_${m.control}`) },
            { header: t('labs.send_out_col_queued'), cell: (m) => formatZonedDateTime(ctx.locale, m.queuedAt, ctx.timeZone) },
            {
              header: t('labs.send_out_col_delivery'),
              cell: (m) => (
                <>
                  <Badge kind={STATE_TONE[m.state]}>{t(`labs.send_out_state_${m.state}`)}</Badge>{' '}
                  {m.state === 'sent' && m.sentAt ? formatZonedDateTime(ctx.locale, m.sentAt, ctx.timeZone) : ''}
                  {m.state === 'waiting' && m.attempts > 0 ? t('labs.send_out_attempts', { count: m.attempts }) : ''}
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
