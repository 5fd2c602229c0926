import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/database.js';
import type { Database } from '../../db/database.js';
import { createLogger } from '../../logger.js';
import { queueMessage } from '../outbox.service.js';
import { outbox } from '../outbox.tables.js';
import type { DeliveryMessage, Transport } from './transport.js';
import { createOutboxDelivery } from './outbox-delivery.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';

const onPostgres = postgresLegReady();

describe('outbox delivery: concurrent workers', () => {
  let database: Database;
  beforeAll(async () => {
    if (onPostgres) database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it.runIf(onPostgres)(
    'two workers claiming at once never send the same row twice (PostgreSQL only: PGlite serialises every query, so it cannot race)',
    async () => {
      const now = new Date('2026-11-27T09:00:00Z');
      const ids = Array.from({ length: 60 }, (_, i) => `race-${i}`);
      for (const messageId of ids) {
        await queueMessage(
          database.db,
          { channel: 'email', to: 'someone@test.carewell', template: 'test.race', subject: 'S', text: 'T', messageId },
          now,
        );
      }
      const sent: string[] = [];
      const provider: Transport = {
        channel: 'email',
        async send(message: DeliveryMessage) {
          sent.push(message.messageId);
          await new Promise((resolve) => setTimeout(resolve, 2));
          return {};
        },
      };
      const logger = createLogger('silent');
      const worker = () =>
        createOutboxDelivery({ db: database.db, transports: { email: provider }, clock: () => now, logger, batchSize: 5 });
      const reports = await Promise.all([worker().deliverDue(), worker().deliverDue(), worker().deliverDue()]);
      expect(sent).toHaveLength(ids.length);
      expect(new Set(sent).size).toBe(ids.length);
      // Every worker got a share: the claims really ran side by side.
      expect(reports.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
      const rows = await database.db
        .select({ status: outbox.status, attempts: outbox.attempts })
        .from(outbox)
        .where(eq(outbox.template, 'test.race'));
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    },
  );
});
