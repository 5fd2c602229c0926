import { Badge, Card, Form, Field, Button, LinkButton, Table } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { ThreadSummaryDto } from '../staff-threads.schemas.js';
import { SEARCH_MIN } from '../staff-threads.vocabulary.js';

/** A thread's name as a person reads it: the group's title, the other person, or "Care team: patient (MRN)". */
export function threadName(ctx: PageContext, thread: Pick<ThreadSummaryDto, 'kind' | 'title' | 'patient'>): string {
  if (thread.kind === 'care_team' && thread.patient)
    return ctx.t('staff_messages.care_team_title', { name: thread.patient.name, mrn: thread.patient.mrn });
  return thread.title || ctx.t(`staff_messages.kind_${thread.kind}`);
}

/** "Messages": the threads the person reads, newest activity first, unread counts, search and a new conversation. */
export function ThreadListPage(props: { ctx: PageContext; threads: ThreadSummaryDto[] }) {
  const { ctx, threads } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('staff_messages.list_title')}>
      <PageHeader
        title={t('staff_messages.list_title')}
        subtitle={t('staff_messages.list_subtitle')}
        actions={
          <>
            <LinkButton href="/staff/messages/new">{t('staff_messages.new_action')}</LinkButton>
            <LinkButton href="/staff/messages/search" variant="secondary">
              {t('staff_messages.search_title')}
            </LinkButton>
          </>
        }
      />
      <Table
        caption={t('staff_messages.list_caption')}
        rows={threads}
        empty={t('staff_messages.list_empty')}
        columns={[
          { header: t('staff_messages.col_thread'), cell: (th) => <a href={`/staff/messages/${th.id}`}>{threadName(ctx, th)}</a> },
          { header: t('staff_messages.col_kind'), cell: (th) => t(`staff_messages.kind_${th.kind}`) },
          {
            header: t('staff_messages.col_unread'),
            cell: (th) =>
              th.unreadCount > 0 ? (
                <Badge kind="info">{t('staff_messages.unread_count', { count: th.unreadCount })}</Badge>
              ) : (
                t('staff_messages.all_read')
              ),
          },
          {
            header: t('staff_messages.col_last', { zone: zoneLabel(ctx.timeZone) }),
            cell: (th) => formatDateTimeInZone(ctx.locale, new Date(th.lastMessageAt), ctx.timeZone),
          },
        ]}
      />
      <Card title={t('staff_messages.search_title')}>
        <SearchForm ctx={ctx} />
      </Card>
    </Layout>
  );
}

export function SearchForm(props: { ctx: PageContext; value?: string; error?: string }) {
  const { t } = props.ctx;
  return (
    <Form ctx={props.ctx} action="/staff/messages/search" search class="form form--inline">
      <Field
        name="query"
        type="search"
        label={t('staff_messages.search_label')}
        hint={t('staff_messages.search_hint', { min: SEARCH_MIN })}
        value={props.value}
        errors={props.error ? [{ path: 'query', message: props.error }] : []}
        minLength={SEARCH_MIN}
        required
      />
      <Button>{t('staff_messages.search_action')}</Button>
    </Form>
  );
}
