import { Alert, Badge, Card, EmptyState, LinkButton, Table } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { ThreadSummaryDto } from '../patient-threads.schemas.js';

/** "To my care team" or "To Cardiology". */
export function recipientLabel(ctx: PageContext, thread: Pick<ThreadSummaryDto, 'recipient' | 'department'>): string {
  return thread.recipient === 'department' && thread.department
    ? ctx.t('messaging.recipient_department_named', { department: thread.department.name })
    : ctx.t('messaging.recipient_care_team');
}

/** The thread's state in words with an icon: escalated, waiting for the team, or unread messages. */
export function ThreadState(props: { ctx: PageContext; thread: ThreadSummaryDto; side: 'patient' | 'staff' }) {
  const { ctx, thread } = props;
  return (
    <span class="stack">
      {thread.escalated && <Badge kind="danger">{ctx.t('messaging.state_escalated')}</Badge>}
      {thread.unread > 0 && <Badge kind="info">{ctx.t('messaging.state_unread', { count: thread.unread })}</Badge>}
      {!thread.escalated && thread.responseDueAt && (
        <Badge kind="neutral">
          {ctx.t(props.side === 'patient' ? 'messaging.state_waiting_patient' : 'messaging.state_waiting_staff')}
        </Badge>
      )}
    </span>
  );
}

/** The patient's "Messages": their conversations, newest first, and a button to write. */
export function PortalMessagesPage(props: { ctx: PageContext; threads: ThreadSummaryDto[] }) {
  const { ctx, threads } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('messaging.portal_title')}>
      <PageHeader
        title={t('messaging.portal_title')}
        subtitle={t('messaging.portal_subtitle')}
        actions={
          <LinkButton href="/portal/messages/new" variant="primary">
            {t('messaging.compose_action')}
          </LinkButton>
        }
      />
      <Alert kind="warning">{t('messaging.not_for_emergencies_short')}</Alert>
      {threads.length === 0 ? (
        <EmptyState title={t('messaging.portal_empty')} />
      ) : (
        <Card>
          <Table
            caption={t('messaging.portal_caption')}
            rows={threads}
            empty={t('messaging.portal_empty')}
            columns={[
              { header: t('messaging.col_subject'), cell: (th) => <a href={`/portal/messages/${th.id}`}>{th.subject}</a> },
              { header: t('messaging.col_to'), cell: (th) => recipientLabel(ctx, th) },
              {
                header: t('messaging.col_last', { zone: zoneLabel(ctx.timeZone) }),
                cell: (th) => formatDateTimeInZone(ctx.locale, new Date(th.lastMessageAt), ctx.timeZone),
              },
              { header: t('messaging.col_state'), cell: (th) => <ThreadState ctx={ctx} thread={th} side="patient" /> },
            ]}
          />
        </Card>
      )}
    </Layout>
  );
}

/** The team inbox: the conversations of the clinician's care teams and department, newest first. */
export function InboxPage(props: { ctx: PageContext; threads: ThreadSummaryDto[] }) {
  const { ctx, threads } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('messaging.inbox_title')}>
      <PageHeader title={t('messaging.inbox_title')} subtitle={t('messaging.inbox_subtitle')} />
      <Table
        caption={t('messaging.inbox_caption')}
        rows={threads}
        empty={t('messaging.inbox_empty')}
        columns={[
          { header: t('messaging.col_patient'), cell: (th) => `${th.patient.name} (${th.patient.mrn})` },
          { header: t('messaging.col_subject'), cell: (th) => <a href={`/staff/patient-messages/${th.id}`}>{th.subject}</a> },
          { header: t('messaging.col_to'), cell: (th) => recipientLabel(ctx, th) },
          {
            header: t('messaging.col_last', { zone: zoneLabel(ctx.timeZone) }),
            cell: (th) => formatDateTimeInZone(ctx.locale, new Date(th.lastMessageAt), ctx.timeZone),
          },
          { header: t('messaging.col_state'), cell: (th) => <ThreadState ctx={ctx} thread={th} side="staff" /> },
        ]}
      />
    </Layout>
  );
}
