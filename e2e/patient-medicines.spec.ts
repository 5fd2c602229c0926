import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/** The patient's medicines, the pharmacy's public check and the doctor's renewal queue, on a phone, with axe. */
test.describe('patient medicines', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('a pharmacy checks a code on the public page: the form posts, the code stays out of the URL', async ({ page }) => {
    await page.goto('/verify-prescription');
    await expectAccessible(page);
    await page.getByLabel('Verification code').fill('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('This code does not match any prescription')).toBeVisible();
    expect(page.url()).not.toContain('ZZZZZ');
    await expectAccessible(page);
  });

  test('the patient opens My medicines from the menu', async ({ page }) => {
    await signIn(page, 'patient@carewell.test', DEMO_PASSWORD);
    await page.locator('.nav-menu-toggle').click();
    await page.getByRole('link', { name: 'My medicines' }).click();
    await expect(page).toHaveURL(/\/portal\/medicines$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My medicines' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible(page);
  });

  test('the doctor opens the renewal queue from the menu', async ({ page }) => {
    await signIn(page, 'doctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await page.locator('.nav-menu-toggle').click();
    await page.getByRole('link', { name: 'Renewal requests' }).click();
    await expect(page).toHaveURL(/\/staff\/renewal-requests$/);
    await expect(page.getByText('No renewal requests are waiting.')).toBeVisible();
    await expectAccessible(page);
  });
});
