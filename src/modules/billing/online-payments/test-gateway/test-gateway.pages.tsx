import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageContext } from '../../../../platform/views/page-context.js';
import { sendPage } from '../../../../platform/views/render.js';
import { completeConfirmation, findGatewayIntent, payWithCard } from './test-gateway.service.js';
import { GatewayCheckoutPage, GatewayConfirmPage } from './test-gateway-views.js';

const gatewayPage = { permission: 'public' } as const;
const page = { hide: true } as const;
const intentParams = z.object({ id: z.string().regex(/^pi_test_[0-9a-f]{24}$/) });
// Read as strings and never put back into a page, a log line or an error detail.
const cardBody = z.object({ cardNumber: z.string().max(40), expiry: z.string().max(10), cvc: z.string().max(8) });
const confirmBody = z.object({ decision: z.enum(['approve', 'fail']) });

/**
 * The test gateway's hosted pages (docs/billing.md): they play the provider's own site, so they are
 * public (the intent's random id is the capability) and know nothing of Carewell's accounts.
 */
export function registerTestGatewayPages(app: FastifyInstance): void {
  const deps = () => ({ db: app.deps.db, now: app.deps.clock(), jobs: app.deps.jobs });

  app.get(
    '/payments/test-gateway/checkout/:id',
    { config: gatewayPage, schema: { ...page, params: intentParams } },
    async (request, reply) => {
      const intent = await findGatewayIntent(app.deps.db, (request.params as { id: string }).id);
      if (!intent) return reply.callNotFound();
      if (intent.status === 'requires_action') return reply.redirect(`/payments/test-gateway/confirm/${intent.id}`, 303);
      if (intent.status !== 'requires_payment_method') return reply.redirect(intent.returnPath, 303);
      return sendPage(reply, <GatewayCheckoutPage ctx={pageContext(request, reply)} intent={intent} />);
    },
  );

  app.post(
    '/payments/test-gateway/checkout/:id',
    { config: gatewayPage, schema: { ...page, params: intentParams } },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const intent = await findGatewayIntent(app.deps.db, id);
      if (!intent) return reply.callNotFound();
      const body = cardBody.safeParse(request.body);
      const result = body.success
        ? await payWithCard(deps(), id, { number: body.data.cardNumber, expiry: body.data.expiry, cvc: body.data.cvc })
        : ({ kind: 'invalid', field: 'number' } as const);
      if (result.kind === 'not_payable') return reply.redirect(intent.returnPath, 303);
      if (result.kind === 'invalid' || result.kind === 'declined') {
        const problem = 'field' in result ? result.field : 'declined';
        return sendPage(reply, <GatewayCheckoutPage ctx={pageContext(request, reply)} intent={intent} problem={problem} />, 422);
      }
      if (result.kind === 'requires_action') return reply.redirect(`/payments/test-gateway/confirm/${id}`, 303);
      return reply.redirect(intent.returnPath, 303);
    },
  );

  app.get(
    '/payments/test-gateway/confirm/:id',
    { config: gatewayPage, schema: { ...page, params: intentParams } },
    async (request, reply) => {
      const intent = await findGatewayIntent(app.deps.db, (request.params as { id: string }).id);
      if (!intent) return reply.callNotFound();
      if (intent.status !== 'requires_action') return reply.redirect(intent.returnPath, 303);
      return sendPage(reply, <GatewayConfirmPage ctx={pageContext(request, reply)} intent={intent} />);
    },
  );

  app.post(
    '/payments/test-gateway/confirm/:id',
    { config: gatewayPage, schema: { ...page, params: intentParams } },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const intent = await findGatewayIntent(app.deps.db, id);
      if (!intent) return reply.callNotFound();
      const body = confirmBody.safeParse(request.body);
      const approve = body.success && body.data.decision === 'approve';
      const updated = await completeConfirmation(deps(), id, approve);
      if (updated && !approve) return reply.redirect(`/payments/test-gateway/checkout/${id}`, 303);
      return reply.redirect(intent.returnPath, 303);
    },
  );
}
