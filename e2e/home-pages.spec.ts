import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Each role's home is a worklist with something real in it on a fresh demo hospital (the seeded
 * week around now), and every worklist passes axe. Screenshots go to test-results/ for review.
 */
test('every role lands on a worklist filled by the demo hospital', async ({ browser }) => {
  test.setTimeout(300_000);
  const open = async (email: string, totp?: string) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, email, DEMO_PASSWORD, totp);
    return page;
  };

  const patient = await open('patient@carewell.test');
  await patient.goto('/portal');
  await expect(patient.locator('#upcoming')).toContainText('Reschedule');
  await expect(patient.locator('#unread')).toContainText('A visit summary is ready');
  await expect(patient.locator('#new-for-you')).toContainText('Lipid panel');
  await expect(patient.locator('#care-plans')).toContainText('Blood pressure and diabetes control');
  await expectAccessible(patient);
  await patient.screenshot({ path: 'test-results/home-patient.png', fullPage: true });

  const doctor = await open('doctor@carewell.test', DEMO_TOTP_SECRET);
  await doctor.goto('/staff');
  await expect(doctor.locator('#notes-to-sign li')).toHaveCount(1);
  await expect(doctor.locator('#uploads')).toContainText('Maria Santos');
  await expect(doctor.locator('#attention li').first()).toBeVisible();
  await expectAccessible(doctor);
  await doctor.screenshot({ path: 'test-results/home-doctor.png', fullPage: true });
  await doctor.locator('#notes-to-sign a').first().click();
  await expect(doctor).toHaveURL(/\/staff\/encounters\/[0-9a-f-]{36}$/);

  const nurse = await open('nurse@carewell.test', DEMO_TOTP_SECRET);
  await nurse.goto('/staff');
  await expect(nurse.locator('#department-today')).toContainText('Cardiology');
  await expectAccessible(nurse);
  await nurse.screenshot({ path: 'test-results/home-nurse.png', fullPage: true });

  const reception = await open('reception@carewell.test', DEMO_TOTP_SECRET);
  await reception.goto('/staff');
  await expect(reception.locator('#arrivals')).toBeVisible();
  await expectAccessible(reception);
  await reception.screenshot({ path: 'test-results/home-reception.png', fullPage: true });

  const admin = await open('admin@carewell.test', DEMO_TOTP_SECRET);
  await admin.goto('/staff');
  await expect(admin.locator('#needs-action')).toContainText('Undeliverable messages');
  await expectAccessible(admin);
  await admin.screenshot({ path: 'test-results/home-admin.png', fullPage: true });
});
