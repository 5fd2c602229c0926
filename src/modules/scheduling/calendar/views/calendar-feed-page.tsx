import { formatDate } from '../../../../platform/i18n/i18n.js';
import { Alert, Badge, Button, Card, DescriptionList, Field, Form } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { CalendarFeedStatus } from '../services/calendar-feed.service.js';

/** `/staff/calendar-feed`: turn the private calendar feed on, rotate its link, or turn it off. */
export function CalendarFeedPage(props: {
  ctx: PageContext;
  status: CalendarFeedStatus;
  issued?: { url: string; rotated: boolean };
  done?: 'disabled';
}) {
  const { ctx, status } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('scheduling.feed_title')}>
      <PageHeader title={t('scheduling.feed_title')} subtitle={t('scheduling.feed_subtitle')} />
      {props.done === 'disabled' && <Alert kind="success">{t('scheduling.feed_disabled_done')}</Alert>}
      {props.issued && (
        <Alert kind="warning" title={t(props.issued.rotated ? 'scheduling.feed_rotated_title' : 'scheduling.feed_created_title')}>
          <p>{t('scheduling.feed_shown_once')}</p>
          <Field name="feedUrl" label={t('scheduling.feed_url')} value={props.issued.url} readOnly spellcheck={false} />
        </Alert>
      )}
      <Card title={t('scheduling.feed_status_title')} id="calendar-feed">
        <DescriptionList
          items={[
            [
              t('scheduling.feed_status'),
              status.enabled ? (
                <Badge kind="success">{t('scheduling.feed_on')}</Badge>
              ) : (
                <Badge kind="neutral">{t('scheduling.feed_off')}</Badge>
              ),
            ],
            [t('scheduling.feed_issued_at'), status.issuedAt ? formatDate(ctx.locale, status.issuedAt, ctx.timeZone, true) : null],
          ]}
        />
        <p>{t('scheduling.feed_privacy')}</p>
        <Form ctx={ctx} action="/staff/calendar-feed" confirm={status.enabled ? t('scheduling.feed_rotate_confirm') : undefined}>
          <Button>{t(status.enabled ? 'scheduling.feed_rotate' : 'scheduling.feed_create')}</Button>
        </Form>
        {status.enabled && (
          <Form ctx={ctx} action="/staff/calendar-feed/disable" confirm={t('scheduling.feed_disable_confirm')}>
            <Button variant="danger">{t('scheduling.feed_disable')}</Button>
          </Form>
        )}
      </Card>
    </Layout>
  );
}
