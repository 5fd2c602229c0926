import { createHash } from 'node:crypto';
import type webpush from 'web-push';
import type { Db } from '../../db/database.js';
import { deletePushSubscriptionByEndpoint, listUserPushSubscriptions } from '../push/push.repository.js';
import type { VapidKeys } from '../push/vapid-keys.js';
import { TransportError, type Transport } from './transport.js';

const TIMEOUT_MS = 10_000;
/** A push the device does not collect within a day is no longer worth showing. */
const TTL_SECONDS = 24 * 60 * 60;

export type PushSender = typeof webpush.sendNotification;

/**
 * The Web Push `Topic` for a message: the same on every try, so a push service holding an earlier
 * try for an offline device replaces it instead of showing both. Topics are at most 32 URL-safe
 * base64 characters, hence a digest of the message id rather than the id itself.
 */
export function pushTopic(messageId: string): string {
  return createHash('sha256').update(messageId).digest('base64url').slice(0, 32);
}

/**
 * Web Push (VAPID) to every subscribed device of the message's recipient. A subscription the push
 * service answers 404/410 for is gone and deleted. The payload holds the outbox message's subject
 * and text (which by contract carry no clinical details) and a link into the app.
 */
export function pushTransport(options: { db: Db; vapidKeys: () => VapidKeys; subject: string; sender?: PushSender }): Transport {
  // web-push loads on the first push sent, not when the server starts (idle memory, issue 11).
  const send: PushSender = options.sender ?? (async (...args) => (await import('web-push')).default.sendNotification(...args));
  return {
    channel: 'push',
    async send(message) {
      if (!message.recipientUserId) throw new TransportError('push_without_recipient', true);
      const subscriptions = await listUserPushSubscriptions(options.db, message.recipientUserId);
      if (subscriptions.length === 0) throw new TransportError('no_push_subscription', true);
      const keys = options.vapidKeys();
      const link =
        typeof message.metadata.link === 'string' && message.metadata.link.startsWith('/') && !message.metadata.link.startsWith('//')
          ? message.metadata.link
          : '/';
      const payload = JSON.stringify({ title: message.subject, body: message.text, url: link, tag: pushTopic(message.messageId) });
      let delivered = 0;
      let gone = 0;
      let lastStatus = 0;
      for (const subscription of subscriptions) {
        try {
          await send({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
            vapidDetails: { subject: options.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
            TTL: TTL_SECONDS,
            topic: pushTopic(message.messageId),
            timeout: TIMEOUT_MS,
          });
          delivered += 1;
        } catch (error) {
          const status = (error as { statusCode?: unknown }).statusCode;
          if (status === 404 || status === 410) {
            await deletePushSubscriptionByEndpoint(options.db, subscription.endpoint);
            gone += 1;
          } else {
            lastStatus = typeof status === 'number' ? status : -1;
          }
        }
      }
      if (delivered > 0) return { providerId: `push:${delivered}/${subscriptions.length}` };
      if (gone === subscriptions.length) throw new TransportError('push_subscriptions_expired', true);
      throw new TransportError(lastStatus > 0 ? `push_http_${lastStatus}` : 'push_unreachable');
    },
  };
}
