import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../../test/helpers/actors.js';
import { PageSession } from '../../../../../test/helpers/browser.js';
import { fakeStripeHttp, STRIPE_TEST_ENV } from './fixtures/fake-stripe-http.js';
import { FIXTURE_CLIENT_SECRET, FIXTURE_INTENT_ID } from './fixtures/stripe-fixtures.js';

/** Carewell's card page with PAYMENT_PROVIDER=stripe (a fake Stripe HTTP client: no network). */
const fake = fakeStripeHttp();
const t = useTestApp({ env: STRIPE_TEST_ENV, stripeHttpClient: fake.httpClient });
let patient: TestAccount;
let invoiceId: string;

beforeAll(async () => {
  const billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  const price = { code: 'CARD1', name: 'Consultation', unitPriceMinor: 4500, effectiveFrom: '2020-01-01' };
  expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
  const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
    token: billing.token,
    body: { code: 'CARD1', serviceDate: t.clock.now().toISOString().slice(0, 10) },
  });
  const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds: [charge.json<{ id: string }>().id] },
  });
  invoiceId = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${invoiceId}/issue`, { token: billing.token })).statusCode).toBe(200);
});

describe('the Stripe card page', () => {
  it('"Pay online" answers the card page: Stripe.js and the static script, the keys as data attributes, no inline script', async () => {
    const portal = new PageSession(t, patient.cookie);
    const bill = await portal.get(`/portal/bills/${invoiceId}`);
    expect(bill.body).toContain(`action="/portal/bills/${invoiceId}/pay"`);
    const page = await portal.post(`/portal/bills/${invoiceId}/pay`, {});
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    expect(page.headers.location).toBeUndefined();
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('<script src="https://js.stripe.com/v3" defer></script>');
    expect(page.body).toContain('<script src="/assets/stripe-card.js" defer></script>');
    expect(page.body).toContain('data-publishable-key="pk_test_fixtureOnly"');
    expect(page.body).toContain(`data-client-secret="${FIXTURE_CLIENT_SECRET}"`);
    expect(page.body).toMatch(new RegExp(`data-return-url="http[^"]+/portal/bills/${invoiceId}\\?online=[0-9a-f-]{36}"`));
    expect(page.body).toContain('id="payment-element"');
    // Every script has a source: nothing inline for the CSP to refuse.
    expect(page.body.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toContain('https://hooks.stripe.com');
    // Stripe was asked once, for 45.00, with only ids as metadata.
    const created = fake.requests.filter((r) => r.path === '/v1/payment_intents');
    expect(created).toHaveLength(1);
    expect(created[0]!.body.get('amount')).toBe('4500');
    // The secret is in no URL: not the form's, not a redirect's.
    expect(page.body).not.toMatch(new RegExp(`(href|action|src)="[^"]*${FIXTURE_CLIENT_SECRET}`));
  });

  it('the return from a redirecting payment method drops the client secret from the address at once', async () => {
    const portal = new PageSession(t, patient.cookie);
    const online = '6f1c1f7e-64d4-4a43-9a37-0b1f2d2d8f10';
    const back = await portal.get(
      `/portal/bills/${invoiceId}?online=${online}&payment_intent=${FIXTURE_INTENT_ID}&payment_intent_client_secret=${FIXTURE_CLIENT_SECRET}&redirect_status=succeeded`,
    );
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`/portal/bills/${invoiceId}?online=${online}`);
  });

  it('the static script is served from the app', async () => {
    const res = await api(t, 'GET', '/assets/stripe-card.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("elements.create('payment')");
    expect(res.body).toContain("redirect: 'if_required'");
  });
});
