import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Encryptor } from '../../crypto.js';
import type { Database } from '../../db/database.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import { lazyVapidKeys } from '../push/vapid-keys.js';
import { startDeliveryWorker } from './delivery-worker.js';
import { createOutboxDelivery } from './outbox-delivery.js';
import { configuredTransports } from './transports.js';

/** Outbox delivery with the transports the configuration turns on (server.ts and worker.ts). */
export async function startOutboxDelivery(options: {
  config: Config;
  database: Database;
  jobs: JobRunner;
  logger: Logger;
  clock: () => Date;
  /** The column key: HL7 orders wait in the outbox encrypted. */
  encryptor: Encryptor;
}): Promise<() => Promise<void>> {
  const { config, database, jobs, logger, clock, encryptor } = options;
  const transports = configuredTransports(config, database.db, lazyVapidKeys(config.vapid, config.dataDir), encryptor);
  logger.info(
    {
      email: transports.email ? 'smtp' : 'captured',
      sms: transports.sms ? 'http' : 'captured',
      push: 'web-push',
      hl7: transports.hl7 ? 'mllp' : 'captured',
    },
    'outbox: delivery started',
  );
  const delivery = createOutboxDelivery({ db: database.db, transports, clock, logger, maxAttempts: config.outboxMaxAttempts });
  return startDeliveryWorker({ delivery, jobs, logger, pollSeconds: config.outboxPollSeconds });
}
