import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { OutboxChannel } from '../outbox.tables.js';
import type { VapidKeys } from '../push/vapid-keys.js';
import { pushTransport } from './push-transport.js';
import { smsTransport } from './sms-transport.js';
import { smtpTransport } from './smtp-transport.js';
import type { Transport } from './transport.js';

/**
 * The transports the configuration turns on. E-mail and SMS need a provider; a channel left out
 * here is captured in the outbox instead. Web Push needs only VAPID keys, which are generated when
 * absent, so it is always on.
 */
export function configuredTransports(config: Config, db: Db, vapidKeys: () => VapidKeys): Partial<Record<OutboxChannel, Transport>> {
  return {
    ...(config.smtp ? { email: smtpTransport(config.smtp) } : {}),
    ...(config.sms ? { sms: smsTransport(config.sms) } : {}),
    push: pushTransport({ db, vapidKeys, subject: config.vapidSubject }),
  };
}
