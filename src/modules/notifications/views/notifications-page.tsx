import { formatDate } from '../../../platform/i18n/i18n.js';
import { Alert, Badge, Button, EmptyState, Form, LinkButton, Pagination } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { NotificationDto } from '../notifications.schemas.js';

export function NotificationsPage(props: {
  ctx: PageContext;
  items: NotificationDto[];
  unreadCount: number;
  unreadOnly: boolean;
  nextHref: string | null;
  done?: 'read' | 'all_read';
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notifications.title')}>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.unread_count', { count: props.unreadCount })}
        actions={
          <>
            <LinkButton href="/notifications/preferences">{t('notifications.preferences_link')}</LinkButton>
            {props.unreadCount > 0 && (
              <Form ctx={ctx} action="/notifications/read-all" class="form form--inline">
                <Button variant="secondary">{t('notifications.mark_all_read')}</Button>
              </Form>
            )}
          </>
        }
      />
      {props.done && <Alert kind="success">{t(`notifications.done_${props.done}`)}</Alert>}
      <nav class="filter-links" aria-label={t('notifications.filter_label')}>
        {props.unreadOnly ? (
          <a href="/notifications">{t('notifications.show_all')}</a>
        ) : (
          <a href="/notifications?unread=true">{t('notifications.show_unread')}</a>
        )}
      </nav>
      {props.items.length === 0 ? (
        <EmptyState title={props.unreadOnly ? t('notifications.empty_unread') : t('notifications.empty')} />
      ) : (
        <ul class="notification-list">
          {props.items.map((n) => (
            <li class={`notification${n.read ? '' : ' notification--unread'}`} id={`notification-${n.id}`}>
              <div class="notification-head">
                {n.read ? <Badge kind="neutral">{t('notifications.read')}</Badge> : <Badge kind="info">{t('notifications.unread')}</Badge>}{' '}
                <span class="notification-category">{t(`notifications.category_${n.category}`)}</span>{' '}
                <time dateTime={n.createdAt}>{formatDate(ctx.locale, n.createdAt, ctx.timeZone, true)}</time>
              </div>
              <h2 class="notification-title">{n.title}</h2>
              <p class="notification-body">{n.body}</p>
              <div class="notification-actions">
                {n.link && <a href={n.link}>{t('notifications.open_subject')}</a>}
                {!n.read && (
                  <Form ctx={ctx} action={`/notifications/${n.id}/read`} class="form form--inline">
                    <Button variant="link">{t('notifications.mark_read')}</Button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
