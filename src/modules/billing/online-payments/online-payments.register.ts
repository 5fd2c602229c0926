import type { FastifyInstance } from 'fastify';
import { registerOnlinePaymentsApi } from './online-payments.api.js';
import { registerOnlinePaymentPages } from './online-payments.pages.js';
import { createPaymentProvider } from './provider-factory.js';
import type { PaymentProvider } from './provider.js';
import { deliverTestGatewayEvent } from './test-gateway/test-gateway-delivery.js';
import { registerTestGatewayPages } from './test-gateway/test-gateway.pages.js';
import { TEST_GATEWAY_WEBHOOK_QUEUE } from './test-gateway/test-gateway.service.js';

const providers = new WeakMap<FastifyInstance, PaymentProvider | null>();

/** The app's payment provider (null when PAYMENT_PROVIDER=none): desk refunds of online payments use it. */
export const onlinePaymentProvider = (app: FastifyInstance): PaymentProvider | null => providers.get(app) ?? null;

/**
 * Online payments (docs/billing.md): the provider PAYMENT_PROVIDER chooses (none: the routes stay
 * and refuse, the webhook is 404), the portal's "Pay online", receipts, the webhook; with the test gateway, its hosted pages and — where jobs run —
 * the pg-boss worker that delivers its signed events.
 */
export function registerOnlinePayments(app: FastifyInstance): PaymentProvider | null {
  const provider = createPaymentProvider(app.deps);
  providers.set(app, provider);
  registerOnlinePaymentsApi(app, provider);
  registerOnlinePaymentPages(app, provider);
  if (provider?.name !== 'test') return provider;
  registerTestGatewayPages(app);
  const jobs = app.deps.jobs;
  if (jobs) {
    app.addHook('onReady', async () => {
      await jobs.defineQueue(TEST_GATEWAY_WEBHOOK_QUEUE, { retryLimit: 8, retryDelaySeconds: 5, retryBackoff: true });
      if (!app.deps.config.runWorkers) return;
      await jobs.work<{ eventId: string }>(TEST_GATEWAY_WEBHOOK_QUEUE, async (job) => {
        await deliverTestGatewayEvent(app, job.data.eventId);
      });
    });
  }
  return provider;
}
