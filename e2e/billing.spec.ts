import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 16's journey (docs/billing.md): Maria gives her new insurance card (a member number ending
 * in 7: the test payer pays half of what is claimed), books a first consultation, which her
 * cardiologist completes; billing staff invoice it (the insurer's share 80 %) and issue it; Maria
 * pays her share with the test gateway's card 4242 4242 4242 4242 on its hosted page — the
 * server's pg-boss worker delivers the gateway's signed webhook — and opens her receipt; billing
 * staff claim the insurer's share, the payer decides "partly paid" and its remittance is posted;
 * Maria sees the claim's status and the new balance.
 *
 * Amounts: a first consultation is 60.00; insurer 48.00, Maria 12.00; the payer pays 24.00, so
 * Maria's share becomes 36.00, of which she paid 12.00: 24.00 is still owed.
 * Time: the server's injected clock is the system clock. Every wait is on a condition.
 */
const CARDIOLOGISTS: Record<string, string> = { 'Amira Haddad': 'doctor@carewell.test', 'Lucas Moreno': 'doctor2@carewell.test' };
const MEMBER_NUMBER = `E2E-${Date.now() % 100_000}7`;

/** Reloads until `done` holds (the gateway's webhook and the payer answer asynchronously). */
async function reloadUntil(page: Page, done: () => Promise<boolean>, step?: () => Promise<void>) {
  await expect
    .poll(
      async () => {
        if (await done()) return true;
        if (step) await step();
        else await page.reload();
        return done();
      },
      { timeout: 30_000, intervals: [500, 1000] },
    )
    .toBe(true);
}

async function bookFirstConsultation(patient: Page) {
  await patient.goto('/portal/appointments/book');
  await patient.locator('#f-specialty').selectOption({ label: 'Cardiology' });
  await patient.locator('#f-visitType').selectOption({ label: 'New patient (30 min)' });
  await patient.locator('#f-from').fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await patient.locator('#show-times').click();
  await patient.locator('#first-available').click();
  await expect(patient).toHaveURL(/\/portal\/appointments\/book\/confirm\?/);
  const startsAt = new Date(new URL(patient.url()).searchParams.get('startsAt')!).toISOString();
  const clinician = (await patient.locator('#confirm dd').nth(2).textContent())!.replace(/^Dr\.\s*/, '').trim();
  await patient.locator('#f-reason').fill('A first consultation to be billed');
  await patient.locator('#confirm-button').click();
  await expect(patient).toHaveURL(/\/portal\/appointments\?booked=[0-9a-f-]{36}$/);
  return { id: new URL(patient.url()).searchParams.get('booked')!, startsAt, doctorEmail: CARDIOLOGISTS[clinician]! };
}

test('a completed visit is invoiced, the patient pays her share online, the insurer’s remittance lowers the balance', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const patient = await (await browser.newContext()).newPage();
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);

  // Her new insurance card (the newest active policy is the one a claim goes to).
  await patient.goto('/portal/profile');
  const insurance = patient.locator('#insurance');
  await insurance.locator('summary').click();
  await insurance.locator('#f-payer').fill('Test Mutual');
  await insurance.locator('#f-memberNumber').fill(MEMBER_NUMBER);
  await insurance.getByRole('button', { name: 'Add policy' }).click();
  await expect(patient.locator('#insurance')).toContainText(MEMBER_NUMBER);

  // A visit, completed by the cardiologist: its charge is captured.
  const visit = await bookFirstConsultation(patient);
  const doctor = await (await browser.newContext()).newPage();
  await signIn(doctor, visit.doctorEmail, DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await doctor.goto(`/staff/calendar?date=${visit.startsAt.slice(0, 10)}&view=day`);
  const statusForm = doctor.locator(`form[action="/staff/appointments/${visit.id}/status"]`);
  await statusForm.first().locator('button').click(); // check in
  await expect(doctor).toHaveURL(/notice=done_check_in/);
  await statusForm.first().locator('button').click(); // complete
  await expect(doctor).toHaveURL(/notice=done_complete/);

  // Billing staff invoice that visit alone, the insurer's share 80 %, and issue it.
  const billing = await (await browser.newContext()).newPage();
  await signIn(billing, 'billing@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await billing.goto('/staff/billing');
  await billing.locator('main').getByRole('link', { name: 'Maria Santos' }).first().click();
  await expect(billing).toHaveURL(/\/staff\/billing\/patients\/[0-9a-f-]{36}$/);
  const unbilled = billing.locator('#unbilled');
  for (const box of await unbilled.locator('input[name=chargeIds]').all()) await box.uncheck();
  await unbilled.locator('tr', { hasText: 'First consultation' }).last().locator('input[name=chargeIds]').check();
  await unbilled.locator('#f-insurerCoverage').fill('80');
  await unbilled.getByRole('button', { name: 'Create a draft invoice' }).click();
  await expect(billing).toHaveURL(/\/staff\/billing\/invoices\/[0-9a-f-]{36}/);
  const invoicePath = new URL(billing.url()).pathname;
  const invoiceId = invoicePath.split('/').pop()!;
  await billing.getByRole('button', { name: 'Issue the invoice' }).click();
  await expect(billing.locator('main')).toContainText(/INV-\d{4}-\d{6}/);
  const invoiceNumber = (await billing.locator('main').textContent())!.match(/INV-\d{4}-\d{6}/)![0];
  await expectAccessible(billing);

  // Maria pays her share online on the gateway's hosted page and gets her receipt.
  await patient.goto('/portal/bills');
  await patient.getByRole('link', { name: invoiceNumber }).click();
  await expect(patient).toHaveURL(new RegExp(`/portal/bills/${invoiceId}$`));
  await expect(patient.locator('#online')).toContainText('€12.00');
  await patient.getByRole('button', { name: 'Pay online' }).click();
  await expect(patient).toHaveURL(/\/payments\/test-gateway\/checkout\//);
  await patient.locator('#f-cardNumber').fill('4242 4242 4242 4242');
  await patient.locator('#f-expiry').fill('12/34');
  await patient.locator('#f-cvc').fill('123');
  await patient.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(patient).toHaveURL(new RegExp(`/portal/bills/${invoiceId}`));
  const receiptLink = patient.locator('#payments a[href^="/portal/receipts/"]');
  await reloadUntil(patient, async () => (await receiptLink.count()) > 0);
  await receiptLink.first().click();
  await expect(patient).toHaveURL(/\/portal\/receipts\/[0-9a-f-]{36}$/);
  await expect(patient.locator('main')).toContainText('€12.00');
  await expectAccessible(patient);

  // Billing staff claim the insurer's share; the payer decides (the payer job may answer first).
  await billing.getByRole('link', { name: "Back to the patient's billing" }).click();
  await billing.locator('select[name=invoiceId]').selectOption({ label: invoiceNumber });
  await billing.getByRole('button', { name: 'Create a draft claim' }).click();
  await expect(billing).toHaveURL(/\/staff\/billing\/claims\/[0-9a-f-]{36}/);
  const claimId = new URL(billing.url()).pathname.split('/').pop()!;
  await billing.getByRole('button', { name: 'Submit to the insurer' }).click();
  const decided = () => billing.locator('main').getByText('Partly paid').first().isVisible();
  await reloadUntil(billing, decided, async () => {
    const ask = billing.getByRole('button', { name: 'Ask the insurer now' });
    if (await ask.isVisible()) await ask.click();
    else await billing.reload();
  });
  await expectAccessible(billing);
  await billing.goto(invoicePath);
  await expect(billing.locator('#payments')).toContainText('Insurer');

  // Maria sees the claim's status and the new balance.
  await patient.goto('/portal/claims');
  const claimRow = patient.locator('main tr').filter({ has: patient.locator(`a[href="/portal/claims/${claimId}"]`) });
  await expect(claimRow).toContainText('Partly paid');
  await expectAccessible(patient);
  await patient.goto(`/portal/bills/${invoiceId}`);
  await expect(patient.locator('main')).toContainText('Partly paid');
  await expect(patient.locator('#payments')).toContainText('Insurer');
  await expect(patient.locator('main dl').first()).toContainText('€24.00');
  await expectAccessible(patient);
});
