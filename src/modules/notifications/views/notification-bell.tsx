import { Icon } from '../../../platform/views/icons.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { bellCountEvents } from '../services/bell-counts.js';

const liveTriggers = () =>
  ['load', ...['notification.created', 'notification.read', ...bellCountEvents()].map((type) => `carewell:${type} from:document`)].join(
    ', ',
  );

/** The bell's inner content; the fragment route and the header item share it. `extra`: other modules' counts (staff messages). */
export function BellContent(props: { ctx: PageContext; unread: number | null; extra?: { labelKey: string; count: number }[] }) {
  const { t } = props.ctx;
  return (
    <>
      <Icon name="bell" /> {t('notifications.bell')}
      {props.unread !== null && (
        <span
          class={`badge ${props.unread > 0 ? 'badge--info' : 'badge--neutral'} notification-count`}
          data-unread-count={String(props.unread)}
        >
          {t('notifications.unread_count', { count: props.unread })}
        </span>
      )}
      {props.extra?.map((e) => (
        <span class={`badge ${e.count > 0 ? 'badge--info' : 'badge--neutral'} notification-count`} data-extra-count={String(e.count)}>
          {t(e.labelKey, { count: e.count })}
        </span>
      ))}
    </>
  );
}

/**
 * The header item on every signed-in page. The layout renders it without a database query; htmx
 * fills in the unread count after load and again whenever live.js re-dispatches a notification
 * event. It also carries the words live.js needs for banners, in the page's language.
 */
export function NotificationBell(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <a
      href="/notifications"
      class="notification-bell"
      id="notification-bell"
      hx-get="/notifications/unread-badge"
      hx-trigger={liveTriggers()}
      hx-headers='{"X-Carewell-Background": "1"}'
      hx-swap="innerHTML"
      data-live-strings={JSON.stringify({
        acknowledge: t('notifications.banner_acknowledge'),
        acknowledged: t('notifications.banner_acknowledged'),
        ackFailed: t('notifications.banner_ack_failed'),
        open: t('notifications.banner_open'),
        location: t('notifications.banner_location'),
        info: t('notifications.severity_info'),
        warning: t('notifications.severity_warning'),
        critical: t('notifications.severity_critical'),
        region: t('notifications.banner_region'),
      })}
    >
      <BellContent ctx={props.ctx} unread={null} />
    </a>
  );
}
