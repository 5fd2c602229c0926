import { Alert, Button, Card, Field, Form, LinkButton, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { Money } from '../../views/billing-parts.js';
import { TEST_CARDS } from './test-cards.js';
import type { GatewayIntent } from './test-gateway.service.js';

/**
 * The test gateway's hosted card page: it stands for the provider's own page, so its form posts to
 * the gateway's route, never to Carewell's. A refused card is never echoed back.
 */
export function GatewayCheckoutPage(props: {
  ctx: PageContext;
  intent: GatewayIntent;
  problem?: 'declined' | 'number' | 'expiry' | 'cvc';
}) {
  const { ctx, intent } = props;
  const { t } = ctx;
  const fieldError = (name: string) =>
    props.problem === name ? [{ path: name, code: 'invalid', message: t(`billing.gateway_invalid_${name}`) }] : undefined;
  return (
    <Layout ctx={ctx} title={t('billing.gateway_title')}>
      <PageHeader
        title={t('billing.gateway_title')}
        subtitle={<Money ctx={ctx} minor={intent.amountMinor} currency={intent.currency} />}
        actions={<LinkButton href={intent.returnPath}>{t('billing.gateway_cancel')}</LinkButton>}
      />
      <Alert kind="info">{t('billing.gateway_notice')}</Alert>
      {props.problem === 'declined' && <Alert kind="danger">{t('billing.gateway_declined')}</Alert>}
      <Card>
        <Form ctx={ctx} action={`/payments/test-gateway/checkout/${intent.id}`}>
          <Field
            name="cardNumber"
            label={t('billing.gateway_card_number')}
            required
            autocomplete="cc-number"
            inputMode="numeric"
            errors={fieldError('number')}
          />
          <Field
            name="expiry"
            label={t('billing.gateway_expiry')}
            hint="MM/YY"
            required
            autocomplete="cc-exp"
            errors={fieldError('expiry')}
          />
          <Field
            name="cvc"
            label={t('billing.gateway_cvc')}
            required
            autocomplete="cc-csc"
            inputMode="numeric"
            errors={fieldError('cvc')}
          />
          <Button>{t('billing.gateway_pay')}</Button>
        </Form>
      </Card>
      <Table
        caption={t('billing.gateway_test_cards')}
        rows={[...TEST_CARDS]}
        empty=""
        columns={[
          { header: t('billing.gateway_card_number'), cell: (c) => c.number.replace(/(\d{4})(?=\d)/g, '$1 ') },
          { header: t('billing.gateway_outcome'), cell: (c) => t(`billing.gateway_outcome_${c.outcome}`) },
        ]}
      />
    </Layout>
  );
}

/** The extra confirmation step (as a bank's 3-D Secure page): complete or fail it. */
export function GatewayConfirmPage(props: { ctx: PageContext; intent: GatewayIntent }) {
  const { ctx, intent } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('billing.gateway_confirm_title')}>
      <PageHeader
        title={t('billing.gateway_confirm_title')}
        subtitle={<Money ctx={ctx} minor={intent.amountMinor} currency={intent.currency} />}
      />
      <Card>
        <p>{t('billing.gateway_confirm_text', { last4: intent.cardLast4 ?? '' })}</p>
        <Form ctx={ctx} action={`/payments/test-gateway/confirm/${intent.id}`} class="form form--inline">
          <Button name="decision" value="approve">
            {t('billing.gateway_confirm_approve')}
          </Button>
          <Button name="decision" value="fail" variant="secondary">
            {t('billing.gateway_confirm_fail')}
          </Button>
        </Form>
      </Card>
    </Layout>
  );
}
