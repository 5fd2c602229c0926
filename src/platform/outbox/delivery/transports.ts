import type { Config } from '../../config.js';
import type { Encryptor } from '../../crypto.js';
import type { Db } from '../../db/database.js';
import { mllpTransport } from '../../hl7/mllp-transport.js';
import type { OutboxChannel } from '../outbox.tables.js';
import type { VapidKeys } from '../push/vapid-keys.js';
import { pushTransport } from './push-transport.js';
import { smsTransport } from './sms-transport.js';
import { smtpTransport } from './smtp-transport.js';
import type { Transport } from './transport.js';

/**
 * The transports the configuration turns on. E-mail and SMS need a provider; a channel left out
 * here is captured in the outbox instead. Web Push needs only VAPID keys, which are generated when
 * absent, so it is always on. HL7 orders go to the outside laboratory when one is configured.
 */
export function configuredTransports(
  config: Config,
  db: Db,
  vapidKeys: () => VapidKeys,
  encryptor: Encryptor,
): Partial<Record<OutboxChannel, Transport>> {
  const laboratory = config.hl7Outbound.destination;
  return {
    ...(config.smtp ? { email: smtpTransport(config.smtp) } : {}),
    ...(config.sms ? { sms: smsTransport(config.sms) } : {}),
    push: pushTransport({ db, vapidKeys, subject: config.vapidSubject }),
    ...(laboratory ? { hl7: mllpTransport({ ...laboratory, ackTimeoutMs: config.hl7Outbound.ackTimeoutSeconds * 1000, encryptor }) } : {}),
  };
}
