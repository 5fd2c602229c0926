import type { AppDeps } from '../../../platform/http/context.js';
import type { PaymentProvider } from './provider.js';
import { createStripeProvider } from './stripe/stripe.provider.js';
import { createTestGatewayProvider } from './test-gateway/test-gateway.provider.js';

/** The provider PAYMENT_PROVIDER chooses (docs/billing.md): the test gateway, Stripe, or none (null). */
export function createPaymentProvider(
  deps: Pick<AppDeps, 'config' | 'db' | 'clock' | 'jobs' | 'stripeHttpClient'>,
): PaymentProvider | null {
  const payments = deps.config.payments;
  if (payments.provider === 'stripe') {
    return createStripeProvider({ secretKey: payments.secretKey, webhookSecret: payments.webhookSecret }, deps.stripeHttpClient);
  }
  if (payments.provider === 'none') return null;
  return createTestGatewayProvider(deps, payments.testGatewayWebhookSecret);
}
