import { Table } from '../../../../platform/views/components.js';
import { formatDateTimeInZone, zoneLabel } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { SearchHitDto } from '../staff-threads.schemas.js';
import { SearchForm, threadName } from './thread-list.js';

/** Search in the threads one reads: the form, and (after a POST) the matching messages, newest first. */
export function SearchPage(props: { ctx: PageContext; query?: string; error?: string; hits?: SearchHitDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('staff_messages.search_title')}>
      <PageHeader title={t('staff_messages.search_title')} subtitle={t('staff_messages.search_subtitle')} />
      <SearchForm ctx={ctx} value={props.query} error={props.error} />
      {props.hits && (
        <Table
          caption={t('staff_messages.search_results')}
          rows={props.hits}
          empty={t('staff_messages.search_empty')}
          columns={[
            {
              header: t('staff_messages.col_thread'),
              cell: (h) => (
                <a href={`/staff/messages/${h.thread.id}#m-${h.message.id}`}>
                  {threadName(ctx, { kind: h.thread.kind, title: h.thread.title ?? '', patient: h.thread.patient })}
                </a>
              ),
            },
            { header: t('staff_messages.col_author'), cell: (h) => h.message.author.name },
            { header: t('staff_messages.col_message'), cell: (h) => h.message.body },
            {
              header: t('staff_messages.col_when', { zone: zoneLabel(ctx.timeZone) }),
              cell: (h) => formatDateTimeInZone(ctx.locale, new Date(h.message.createdAt), ctx.timeZone),
            },
          ]}
        />
      )}
    </Layout>
  );
}
