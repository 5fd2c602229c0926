import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 3's alert journey: an administrator broadcasts a critical alert to Cardiology; a nurse of
 * Cardiology who already has a page open sees the banner appear without reloading and acknowledges
 * it from the banner; the administrator's alert page shows the nurse as acknowledged.
 */
test('an administrator broadcasts an alert, a nurse acknowledges it live, the administrator sees it', async ({ browser }) => {
  test.setTimeout(180_000);
  const message = `Cardiac arrest, crash team to bed 12 (${Date.now().toString(36)})`;

  // The nurse is at work with a page open before anything is sent.
  const nurse = await (await browser.newContext()).newPage();
  await signIn(nurse, 'nurse@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await nurse.goto('/staff');
  await expect(nurse.getByRole('link', { name: 'Alerts', exact: true })).toBeVisible();
  const staffUrl = nurse.url();

  // The two accounts share the demo's TOTP secret, but the server takes a code once per ACCOUNT and
  // window (users.totp_last_step): the administrator's sign-in needs no wait for the nurse's window.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await admin.goto('/alerts/new');
  await expectAccessible(admin);
  await admin.locator('#f-type').selectOption('code_blue');
  await admin.locator('#f-severity').selectOption('critical');
  await admin.locator('#f-message').fill(message);
  await admin.locator('#f-location').fill('Ward 3, bed 12');
  await admin.locator('#f-audience').selectOption('department');
  await admin.locator('#f-departmentId').selectOption({ label: 'Cardiology' });
  await admin.locator('#alert-form button[type=submit]').click();

  // A critical alert asks for a deliberate second click.
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Send a critical alert?');
  await expectAccessible(admin);
  await admin.locator('#confirm-form button[type=submit]').click();
  await expect(admin).toHaveURL(/\/alerts\/[0-9a-f-]{36}\?done=sent$/);
  const alertPath = new URL(admin.url()).pathname;
  await expect(admin.locator('#pending')).toContainText('Sam Patel');
  await expectAccessible(admin);

  // The banner reaches the nurse's open page without a reload.
  const banner = nurse.getByRole('alert').filter({ hasText: message });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('Ward 3, bed 12');
  expect(nurse.url()).toBe(staffUrl);
  await expectAccessible(nurse);
  await banner.getByRole('button', { name: /acknowledge/i }).click();
  await expect(banner).toHaveCount(0);

  // The administrator's page refreshes its lists by itself.
  await expect(admin.locator('#acknowledged')).toContainText('Sam Patel', { timeout: 15_000 });
  await expect(admin.locator('#pending')).not.toContainText('Sam Patel');

  // The nurse finds it in the history, acknowledged; a page opened later shows no banner for it.
  await nurse.goto('/alerts');
  await expectAccessible(nurse);
  await nurse.locator(`a[href="${alertPath}"]`).click();
  await expect(nurse.locator('main')).toContainText('You acknowledged this alert');
  await expect(nurse.getByRole('alert').filter({ hasText: message })).toHaveCount(0);
  await expectAccessible(nurse);
});
