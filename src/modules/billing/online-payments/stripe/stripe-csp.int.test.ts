import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type TestApp } from '../../../../../test/helpers/app.js';
import { fakeStripeHttp, STRIPE_TEST_ENV } from './fixtures/fake-stripe-http.js';

/** Stripe's origins join the content security policy only when PAYMENT_PROVIDER=stripe (docs/billing.md). */
const directives = (header: string | string[] | number | undefined) =>
  new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('content security policy and the payment provider', () => {
  const apps: TestApp[] = [];
  let stripe: TestApp;
  let testGateway: TestApp;
  beforeAll(async () => {
    stripe = await createTestApp({ env: STRIPE_TEST_ENV, stripeHttpClient: fakeStripeHttp().httpClient });
    testGateway = await createTestApp({ env: { PAYMENT_PROVIDER: 'test' } });
    apps.push(stripe, testGateway);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('with Stripe: Stripe.js as a script and a frame, its hooks frame, its API for connect; nothing else widened', async () => {
    const csp = directives((await api(stripe, 'GET', '/healthz')).headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'", 'https://js.stripe.com']);
    expect(csp.get('frame-src')).toEqual(["'self'", 'https://js.stripe.com', 'https://hooks.stripe.com']);
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('without Stripe (the test gateway): no Stripe origin anywhere in the policy', async () => {
    const header = String((await api(testGateway, 'GET', '/healthz')).headers['content-security-policy']);
    expect(header).not.toContain('stripe');
    expect(directives(header).get('script-src')).toEqual(["'self'"]);
    expect(directives(header).has('frame-src')).toBe(false);
  });
});
