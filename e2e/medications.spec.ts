import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 12's journey. Maria Santos takes simvastatin (the demo seed). Dr. Haddad prescribes
 * clarithromycin from her chart (every 12 hours from now, so a first dose is due at once), sees
 * the ONC high-priority interaction with its source, gives a reason and signs. The pharmacist sees
 * the override, verifies and dispenses. Maria sees the medicine, gets the dose reminder (the
 * reminder job runs every minute), marks the dose taken and sees her adherence.
 */

const OVERRIDE_REASON = 'Short course; statin paused for 7 days, patient informed';

async function staffPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD, DEMO_TOTP_SECRET);
  return page;
}

test('a doctor prescribes over an interaction with a reason; the pharmacist sees the override, verifies and dispenses; the patient is reminded, takes the dose and sees adherence', async ({
  browser,
}) => {
  test.setTimeout(300_000);

  // --- The doctor, from the home's patients to the chart's medicines. ---
  const doctor = await staffPage(browser, 'doctor@carewell.test');
  await doctor.goto('/staff/my-patients');
  await doctor.locator('a[href$="/chart"]', { hasText: 'Maria Santos' }).first().click();
  await doctor.locator('a[href$="/medicines"]').first().click();
  await expect(doctor.getByText('Simvastatin 40 mg tablet')).toBeVisible();
  await expectAccessible(doctor);
  await doctor.locator('a[href$="/medicines/new"]').first().click();

  // --- A new prescription: search the formulary, choose, dose and frequency, save a draft. ---
  await doctor.locator('input[name="query"]').fill('clarithromycin');
  await doctor.locator('form[method="get"] button').click();
  await doctor.getByLabel(/Clarithromycin 500 mg tablet/).check();
  await doctor.locator('input[name="doseValue"]').fill('1');
  await doctor.locator('input[name="doseUnit"]').fill('{tablet}');
  await doctor.locator('select[name="frequencyKind"]').selectOption('every_n_hours');
  await doctor.locator('input[name="hours"]').fill('12');
  await doctor.locator('input[name="durationDays"]').fill('7');
  await doctor.locator('input[name="quantityValue"]').fill('14');
  await doctor.locator('input[name="quantityUnit"]').fill('{tablet}');
  await doctor.getByRole('button', { name: 'Save draft and check' }).click();
  await expect(doctor).toHaveURL(/\/staff\/prescriptions\/[0-9a-f-]{36}$/);

  // --- The checks before signing: the interaction, both drugs, the source and its edition. ---
  const checks = doctor.locator('section, .card', { hasText: 'Simvastatin 40 mg tablet' }).filter({ hasText: /ONC/ }).first();
  await expect(checks).toBeVisible();
  await expect(checks).toContainText('Clarithromycin 500 mg tablet');
  await expectAccessible(doctor);

  // Signing without a reason is refused; with one it signs.
  await doctor.getByRole('button', { name: 'Sign prescription' }).click();
  await expect(doctor.locator('.field-error, .alert--danger').first()).toBeVisible();
  // Two alerts for the pair (the ONC rule and the VA's critical pair): a reason for each.
  const reasons = doctor.locator('textarea[name^="overrideReason"]');
  await expect(reasons).toHaveCount(2);
  for (const reason of await reasons.all()) await reason.fill(OVERRIDE_REASON);
  await doctor.getByRole('button', { name: 'Sign prescription' }).click();
  await expect(doctor.getByText(OVERRIDE_REASON).first()).toBeVisible();
  await expect(doctor.locator('main')).not.toContainText('Draft');

  // --- The pharmacist: the queue, the override with its reason, verify, dispense, the label. ---
  const pharmacist = await staffPage(browser, 'pharmacist@carewell.test');
  await pharmacist.locator('a[href="/staff/pharmacy"]').first().click();
  await expectAccessible(pharmacist);
  await pharmacist.locator('a[href^="/staff/pharmacy/prescriptions/"]', { hasText: 'Clarithromycin 500 mg tablet' }).first().click();
  await expect(pharmacist.getByText(OVERRIDE_REASON).first()).toBeVisible();
  await expect(pharmacist.locator('main')).toContainText('Simvastatin 40 mg tablet');
  await expectAccessible(pharmacist);
  await pharmacist.getByRole('button', { name: 'Verify' }).click();
  await pharmacist.locator('input[name="quantityValue"]').fill('14');
  await pharmacist.locator('input[name="lotNumber"]').fill('LOT-E2E-42');
  await pharmacist.locator('input[name="expiresOn"]').fill(`${new Date().getUTCFullYear() + 2}-06-30`);
  await pharmacist.getByRole('button', { name: 'Dispense' }).click();
  await expect(pharmacist.locator('main')).toContainText('LOT-E2E-42');
  await expect(pharmacist.locator('main')).toContainText(/Dispensed 14 tablet of 14 tablet/);

  // --- The patient: the medicine, the reminder, the dose taken, adherence. ---
  const patient = await (await browser.newContext()).newPage();
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);
  await patient.locator('a[href="/portal/medicines"]').first().click();
  await expect(patient.getByText('Clarithromycin 500 mg tablet').first()).toBeVisible();
  await expectAccessible(patient);
  // The reminder job runs once a minute: the notification centre shows it within about two.
  await expect(async () => {
    await patient.goto('/notifications');
    await expect(patient.locator('main')).toContainText('A medicine is due', { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  // Outside the app nothing names the medicine; inside, the link leads to the doses page.
  await patient.locator('a[href="/portal/doses"]').first().click();
  const dose = patient.locator('section.card', { hasText: 'Clarithromycin 500 mg tablet' }).first();
  await dose.getByRole('button', { name: 'Taken' }).click();
  await expect(patient.locator('main')).toContainText('Taken');
  const adherence = patient.locator('tr', { hasText: 'Clarithromycin 500 mg tablet' }).first();
  await expect(adherence).toContainText('1 of 1');
  await expectAccessible(patient);
});
