import type { ComponentChildren } from 'preact';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../../platform/outbox/outbox.tables.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  DescriptionList,
  Form,
  LinkButton,
  Pagination,
  SelectField,
  Table,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { OutboxMessageDto } from '../admin.schemas.js';
import type { DoneMessage } from './status-badges.js';

const STATUS_KIND = { pending: 'info', sending: 'info', sent: 'success', captured: 'neutral', failed: 'warning', dead: 'danger' } as const;

function StatusBadge(props: { ctx: PageContext; status: OutboxMessageDto['status'] }) {
  return <Badge kind={STATUS_KIND[props.status]}>{props.ctx.t(`admin.outbox_status_${props.status}`)}</Badge>;
}

/**
 * Message text with the links that point back at this application made clickable, so a tester
 * can follow a verification or invitation link. Other URLs stay plain text.
 */
export function linkifyOwnLinks(text: string, publicUrl: string): ComponentChildren[] {
  const escaped = publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}(?:/[^\\s<>"']*)?`, 'g');
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    parts.push(text.slice(last, match.index));
    parts.push(<a href={url}>{url}</a>);
    last = match.index + url.length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function OutboxPage(props: {
  ctx: PageContext;
  filters: Record<string, string | undefined>;
  items: OutboxMessageDto[];
  nextHref: string | null;
  done?: DoneMessage;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.outbox_title')} wide>
      <PageHeader title={t('admin.outbox_title')} subtitle={ctx.demoMode ? t('admin.outbox_subtitle_demo') : t('admin.outbox_subtitle')} />
      {props.done && <Alert kind="success">{t(`admin.done_${props.done}`)}</Alert>}
      <Form ctx={ctx} action="/admin/outbox" method="get" class="form form--filters">
        <SelectField
          name="channel"
          label={t('admin.col_channel')}
          includeBlank={t('admin.any')}
          value={props.filters.channel}
          options={OUTBOX_CHANNELS.map((c) => ({ value: c, label: t(`admin.channel_${c}`) }))}
        />
        <SelectField
          name="status"
          label={t('admin.col_status')}
          includeBlank={t('admin.any')}
          value={props.filters.status}
          options={OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`admin.outbox_status_${s}`) }))}
        />
        <Button variant="secondary">{t('admin.filter_submit')}</Button>
      </Form>
      <Table
        caption={t('admin.outbox_title')}
        rows={props.items}
        empty={t('admin.outbox_empty')}
        columns={[
          { header: t('admin.col_when'), cell: (m) => formatDate(ctx.locale, m.createdAt, ctx.timeZone, true) },
          { header: t('admin.col_channel'), cell: (m) => t(`admin.channel_${m.channel}`) },
          { header: t('admin.col_to'), cell: (m) => m.to },
          { header: t('admin.col_subject'), cell: (m) => (ctx.demoMode ? <a href={`/admin/outbox/${m.id}`}>{m.subject}</a> : m.subject) },
          { header: t('admin.col_status'), cell: (m) => <StatusBadge ctx={ctx} status={m.status} /> },
          {
            header: t('admin.col_actions'),
            cell: (m) =>
              m.status === 'failed' || m.status === 'dead' ? (
                <Form ctx={ctx} action={`/admin/outbox/${m.id}/retry`}>
                  <Button variant="secondary">{t('admin.retry_action')}</Button>
                </Form>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}

export function OutboxMessagePage(props: { ctx: PageContext; message: OutboxMessageDto; publicUrl: string }) {
  const { ctx, message } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={message.subject}>
      <PageHeader
        title={message.subject}
        subtitle={<StatusBadge ctx={ctx} status={message.status} />}
        actions={<LinkButton href="/admin/outbox">{t('admin.back_to_outbox')}</LinkButton>}
      />
      <Card>
        <DescriptionList
          items={[
            [t('admin.col_to'), message.to],
            [t('admin.col_channel'), t(`admin.channel_${message.channel}`)],
            [t('admin.col_template'), <code>{message.template}</code>],
            [t('admin.col_when'), formatDate(ctx.locale, message.createdAt, ctx.timeZone, true)],
          ]}
        />
        {message.text === null ? (
          <Alert kind="info">{t('admin.outbox_text_hidden')}</Alert>
        ) : (
          <pre class="message-text" id="message-text" data-message-body>
            {linkifyOwnLinks(message.text, props.publicUrl)}
          </pre>
        )}
      </Card>
    </Layout>
  );
}
