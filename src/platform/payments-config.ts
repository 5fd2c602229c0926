import { z } from 'zod';

/**
 * The payment provider's settings (docs/billing.md, "Online payments"): none (no online payment),
 * the built-in test gateway (the default), or Stripe with its keys. Only the test gateway has a default webhook secret, and only outside
 * production.
 */
export const paymentsEnvironment = {
  PAYMENT_PROVIDER: z.enum(['none', 'test', 'stripe'], { error: 'must be none, test or stripe' }).default('test'),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_live_… or sk_test_…)')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe publishable key (pk_live_… or pk_test_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9]+$/, "must be the webhook endpoint's signing secret (whsec_…)")
    .optional(),
  TEST_GATEWAY_WEBHOOK_SECRET: z.string().min(24, 'must be at least 24 characters').optional(),
};

type PaymentsEnv = z.infer<z.ZodObject<typeof paymentsEnvironment>>;

export type PaymentsConfig =
  | { provider: 'none' }
  | { provider: 'test'; testGatewayWebhookSecret: string }
  | { provider: 'stripe'; secretKey: string; publishableKey: string; webhookSecret: string };

/** The development and test default: never accepted in production. */
const DEV_TEST_GATEWAY_SECRET = 'carewell-dev-test-gateway-webhook-secret';

export function paymentsConfigOf(e: PaymentsEnv, production: boolean): { config?: PaymentsConfig; problems: string[] } {
  // No online payment at all: patients pay at the desk; no secret to give.
  if (e.PAYMENT_PROVIDER === 'none') return { problems: [], config: { provider: 'none' } };
  if (e.PAYMENT_PROVIDER === 'stripe') {
    const missing = (['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'] as const).filter((k) => !e[k]);
    if (missing.length > 0) return { problems: missing.map((k) => `${k}: required when PAYMENT_PROVIDER=stripe`) };
    return {
      problems: [],
      config: {
        provider: 'stripe',
        secretKey: e.STRIPE_SECRET_KEY!,
        publishableKey: e.STRIPE_PUBLISHABLE_KEY!,
        webhookSecret: e.STRIPE_WEBHOOK_SECRET!,
      },
    };
  }
  const secret = e.TEST_GATEWAY_WEBHOOK_SECRET ?? (production ? undefined : DEV_TEST_GATEWAY_SECRET);
  if (!secret) {
    return {
      problems: [
        'TEST_GATEWAY_WEBHOOK_SECRET: required for the test gateway when NODE_ENV=production (or set PAYMENT_PROVIDER=stripe, or none for no online payment)',
      ],
    };
  }
  return { problems: [], config: { provider: 'test', testGatewayWebhookSecret: secret } };
}

/**
 * What Stripe.js needs from the content security policy (Stripe's CSP guide): its script, its
 * card-field frames and its API. Added only when PAYMENT_PROVIDER=stripe.
 */
export function stripeCspSources(payments: PaymentsConfig): { script: string[]; frame: string[]; connect: string[] } {
  if (payments.provider !== 'stripe') return { script: [], frame: [], connect: [] };
  return {
    script: ['https://js.stripe.com'],
    frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    connect: ['https://api.stripe.com'],
  };
}
