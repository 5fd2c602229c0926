import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import type { InvoiceDto } from '../billing.schemas.js';
import type { PaymentProvider } from './provider.js';
import { patientDueMinor, startOnlinePayment, type OnlinePaymentDto } from './services/online-payments.service.js';
import { getReceipt } from './services/receipts.service.js';
import { PayOnlineSection } from './views/pay-online.js';
import { ReceiptPage } from './views/receipt.js';
import { StripeCardPage } from './views/stripe-card.js';
import { noStore } from '../../../platform/http/api-helpers.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });

/** "Pay online" from the patient's bill, and the receipts (the patient's and billing staff's). */
export function registerOnlinePaymentPages(app: FastifyInstance, provider: PaymentProvider | null): void {
  const { db } = app.deps;
  app.post(
    '/portal/bills/:id/pay',
    { config: { permission: 'billing.own' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const invoiceId = (request.params as { id: string }).id;
      // The form's one-time key (every form carries one) is the payment's idempotency key.
      const given = (request.body as Record<string, unknown> | undefined)?._idempotency;
      const key = typeof given === 'string' && given.length >= 8 ? given : crypto.randomUUID();
      const started = await startOnlinePayment(db, serviceContext(request), provider, invoiceId, key);
      const payments = app.deps.config.payments;
      if (payments.provider === 'stripe' && started.clientSecret) {
        // The card page answers this POST itself: the client secret stays in the body, never in a URL
        // (a resubmitted form carries the same key, so the same payment and the same intent).
        noStore(reply);
        const returnPath = `/portal/bills/${invoiceId}?online=${started.id}`;
        return sendPage(
          reply,
          <StripeCardPage
            ctx={pageContext(request, reply)}
            invoiceId={invoiceId}
            amountMinor={started.amountMinor}
            currency={started.currency}
            publishableKey={payments.publishableKey}
            clientSecret={started.clientSecret}
            returnUrl={`${app.deps.config.publicUrl}${returnPath}`}
          />,
        );
      }
      return reply.redirect(started.redirectPath ?? `/portal/bills/${invoiceId}?online=${started.id}`, 303);
    },
  );
  app.get(
    '/portal/receipts/:id',
    { config: { permission: 'billing.own' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const receipt = await getReceipt(db, serviceContext(request), (request.params as { id: string }).id);
      return sendPage(reply, <ReceiptPage ctx={pageContext(request, reply)} receipt={receipt} staff={false} />);
    },
  );
  app.get(
    '/staff/billing/receipts/:id',
    { config: { permission: 'billing.manage' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const receipt = await getReceipt(db, serviceContext(request), (request.params as { id: string }).id);
      return sendPage(reply, <ReceiptPage ctx={pageContext(request, reply)} receipt={receipt} staff />);
    },
  );
}

/** The online part of the patient's bill page (rendered by billing's portal route). */
export function payOnlinePart(
  app: FastifyInstance,
  ctx: ReturnType<typeof pageContext>,
  invoice: InvoiceDto,
  payments: OnlinePaymentDto[],
  returnedId?: string,
) {
  const due = patientDueMinor(invoice);
  return (
    <PayOnlineSection
      ctx={ctx}
      invoiceId={invoice.id}
      currency={invoice.currency}
      dueMinor={due}
      online={app.deps.config.payments.provider !== 'none'}
      payments={payments}
      returned={payments.find((p) => p.id === returnedId)}
    />
  );
}
