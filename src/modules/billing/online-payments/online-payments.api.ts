import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeAudit } from '../../../platform/audit/audit.service.js';
import { AppError } from '../../../platform/errors.js';
import { noStore } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { idempotencyKeySchema } from '../../../platform/http/idempotency.js';
import { ONLINE_PAYMENT_STATUSES, PROVIDER_NAMES } from './online-payments.vocabulary.js';
import { WebhookSignatureError, type PaymentProvider } from './provider.js';
import { getOnlinePayment, startOnlinePayment } from './services/online-payments.service.js';
import { processPaymentEvent } from './services/webhook.service.js';
import { TEST_GATEWAY_SIGNATURE_HEADER } from './test-gateway/signature.js';

const tags = ['Billing'];
const own = { permission: 'billing.own' } as const;

const onlinePaymentSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  status: z.enum(ONLINE_PAYMENT_STATUSES),
  amountMinor: z.number().int(),
  currency: z.string(),
  provider: z.enum(PROVIDER_NAMES),
  paymentId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
const startedSchema = onlinePaymentSchema.extend({ redirectPath: z.string().nullable(), clientSecret: z.string().nullable() });

/** Online payment's API (docs/billing.md): start paying the patient's share, read its status; the webhook. */
export function registerOnlinePaymentsApi(app: FastifyInstance, provider: PaymentProvider | null): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  r.post(
    '/api/v1/payments/online',
    {
      config: own,
      schema: {
        tags,
        summary:
          "Start paying the patient's share of an invoice online (Idempotency-Key required: a retry gets the same payment; 409 online_payments_disabled when PAYMENT_PROVIDER=none)",
        headers: z.object({ 'idempotency-key': idempotencyKeySchema }),
        body: z.object({ invoiceId: z.uuid() }).strict(),
        response: { 201: startedSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const started = await startOnlinePayment(
        db,
        serviceContext(request),
        provider,
        request.body.invoiceId,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(started);
    },
  );
  r.get(
    '/api/v1/payments/online/:id',
    {
      config: own,
      schema: {
        tags,
        summary: 'An online payment: pending until the provider’s webhook arrives, then succeeded or failed',
        params: z.object({ id: z.uuid() }),
        response: { 200: onlinePaymentSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getOnlinePayment(db, serviceContext(request), request.params.id);
    },
  );
  registerWebhookRoute(app, provider);
}

/**
 * The provider's webhook: the raw body is kept for the signature (this scope parses JSON as text).
 * A bad signature or a stale timestamp answers 400 and logs the reason only (no body, no PHI).
 */
function registerWebhookRoute(app: FastifyInstance, provider: PaymentProvider | null): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/webhooks/payments/:provider',
      {
        config: { permission: 'public' },
        schema: { tags, summary: "The payment provider's signed events (Stripe-Signature or the test gateway's signature)" },
      },
      async (request, reply) => {
        const name = (request.params as { provider: string }).provider;
        // PAYMENT_PROVIDER=none: no provider, so no webhook at all.
        if (!provider || name !== provider.name) throw new AppError('not_found', 'No such webhook.');
        const header = request.headers[provider.name === 'stripe' ? 'stripe-signature' : TEST_GATEWAY_SIGNATURE_HEADER];
        const now = app.deps.clock();
        let event;
        try {
          event = await provider.parseWebhook(
            typeof request.body === 'string' ? request.body : '',
            typeof header === 'string' ? header : undefined,
            now,
          );
        } catch (error) {
          if (!(error instanceof WebhookSignatureError)) throw error;
          request.log.warn({ provider: provider.name, reason: error.message }, 'billing: webhook refused');
          const entry = {
            action: 'billing.online_payment.webhook_refused',
            resourceType: 'billing_online_payment',
            category: 'security' as const,
          };
          await writeAudit(
            app.deps.db,
            {},
            request.origin,
            { ...entry, outcome: 'denied', detail: { provider: provider.name, reason: error.message } },
            now,
          );
          throw new AppError('validation_failed', 'The webhook signature was not verified.');
        }
        const outcome = await processPaymentEvent({ db: app.deps.db, now, provider, logger: app.deps.logger }, event);
        return reply.status(200).send({ received: true, outcome });
      },
    );
  });
}
