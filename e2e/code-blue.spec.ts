import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/** Issue 10: any clinician calls a code blue from the header of any staff page. */
test('a nurse calls a code blue from the header: short form, location filled with her department', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'nurse@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await page.goto('/staff/directory');
  await page.getByRole('link', { name: 'Code blue' }).click();
  await expect(page).toHaveURL(/\/alerts\/code-blue$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call a code blue');
  await expectAccessible(page);
  // Filled where known: the nurse's own department.
  await expect(page.locator('#f-departmentId option:checked')).not.toHaveText('Choose…');
  const location = `Bed ${Date.now().toString(36)}`;
  await page.locator('#f-location').fill(location);
  await page.locator('#code-blue-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/alerts\/[0-9a-f-]{36}\?done=sent$/);
  await expect(page.locator('main')).toContainText(location);
  await expectAccessible(page);
});
