import type { AppDeps } from '../../../platform/http/context.js';
import type { PaymentProvider } from './provider.js';
import { createStripeProvider } from './stripe/stripe.provider.js';
import { createTestGatewayProvider } from './test-gateway/test-gateway.provider.js';

/** The provider PAYMENT_PROVIDER chooses (docs/billing.md): the test gateway or Stripe. */
export function createPaymentProvider(deps: Pick<AppDeps, 'config' | 'db' | 'clock' | 'jobs' | 'stripeHttpClient'>): PaymentProvider {
  const payments = deps.config.payments;
  if (payments.provider === 'stripe') {
    return createStripeProvider({ secretKey: payments.secretKey, webhookSecret: payments.webhookSecret }, deps.stripeHttpClient);
  }
  return createTestGatewayProvider(deps, payments.testGatewayWebhookSecret);
}
