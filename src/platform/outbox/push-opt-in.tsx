import type { PageContext } from '../views/page-context.js';

/**
 * "Turn on notifications on this device": registers the service worker (/sw.js) and posts the
 * browser's push subscription. Hidden until /assets/push.js finds the browser able to push; the
 * status line says what happened in words (screen readers hear it through aria-live).
 */
export function PushOptIn(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <div class="push-opt-in">
      <button
        type="button"
        class="btn btn--secondary"
        data-push-opt-in=""
        data-label-on={t('delivery.push_turn_on')}
        data-label-off={t('delivery.push_turn_off')}
        data-msg-on={t('delivery.push_status_on')}
        data-msg-off={t('delivery.push_status_off')}
        data-msg-denied={t('delivery.push_status_denied')}
        data-msg-unsupported={t('delivery.push_status_unsupported')}
        data-msg-failed={t('delivery.push_status_failed')}
        hidden
      >
        {t('delivery.push_turn_on')}
      </button>
      <p class="push-opt-in__status" role="status" aria-live="polite" data-push-status=""></p>
      <script src="/assets/push.js" defer></script>
    </div>
  );
}
