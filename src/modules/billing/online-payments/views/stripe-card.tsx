import { Alert, Button, Card, LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';

export interface StripeCardProps {
  ctx: PageContext;
  invoiceId: string;
  amountMinor: number;
  currency: string;
  publishableKey: string;
  /** The PaymentIntent's client secret: in this page's body only, never in a URL. */
  clientSecret: string;
  /** Absolute: where Stripe sends the payer back (the bill, with the online payment's id). */
  returnUrl: string;
}

/**
 * Carewell's card page for Stripe: Stripe.js (https://js.stripe.com/v3, allowed by the CSP only when
 * PAYMENT_PROVIDER=stripe) mounts the Payment Element; the card number goes from Stripe's frame to
 * Stripe, never to Carewell. Settings travel as data attributes to a static script (no inline script).
 */
export function StripeCardPage(props: StripeCardProps) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('billing_online.card_title')}>
      <PageHeader
        title={t('billing_online.card_title')}
        actions={<LinkButton href={`/portal/bills/${props.invoiceId}`}>{t('billing.back_to_invoice')}</LinkButton>}
      />
      <Card>
        <p>
          {t('billing.online_due')} <Money ctx={ctx} minor={props.amountMinor} currency={props.currency} />
        </p>
        <form
          id="stripe-card"
          data-publishable-key={props.publishableKey}
          data-client-secret={props.clientSecret}
          data-return-url={props.returnUrl}
          data-error-text={t('billing_online.card_error')}
        >
          <div id="payment-element">
            <p class="muted">{t('billing_online.card_loading')}</p>
          </div>
          <div id="card-error" role="alert" hidden>
            <Alert kind="danger">{t('billing_online.card_error')}</Alert>
          </div>
          <Button>{t('billing_online.card_pay')}</Button>
        </form>
      </Card>
      <script src="https://js.stripe.com/v3" defer></script>
      <script src="/assets/stripe-card.js" defer></script>
    </Layout>
  );
}
