import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/** Pages people open on a phone fit its width; the staff workspace prints without navigation. */
test.describe('layout', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('patient pages fit a phone screen without sideways scrolling', async ({ page }) => {
    await signIn(page, 'patient@carewell.test', DEMO_PASSWORD);
    for (const path of ['/portal', '/portal/profile', '/portal/access-log', '/account']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(1);
      await expectAccessible(page);
    }
  });

  test('staff pages fit a phone screen and print without the navigation', async ({ page }) => {
    await signIn(page, 'reception@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    for (const path of ['/staff', '/staff/patients?query=Santos', '/staff/directory']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(1);
      await expectAccessible(page);
    }
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
  });

  test('on a phone the navigation is a menu, content starts in the first third, and the favicon is served', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'doctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await page.goto('/staff/directory');
    await expect(page.locator('.site-nav')).toBeHidden();
    const toggle = page.locator('.nav-menu-toggle');
    await expect(toggle).toBeVisible();
    await expect(page.getByRole('link', { name: 'Alerts', exact: true })).toBeHidden();
    // The content (hospital alerts first, when any are active, then the page heading) starts in the
    // first third: the header and banners above it are that short.
    const top = await page.locator('main').evaluate((m) => m.getBoundingClientRect().top);
    expect(top, 'the content starts in the first third of the screen').toBeLessThan(844 / 3);
    await toggle.click();
    await expect(page.getByRole('link', { name: 'Alerts', exact: true })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await expect(page).toHaveURL(/\/alerts$/);
    // One step: choosing a language applies it.
    await page.locator('#language-select').selectOption('es');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    // The choice is saved on the account: put English back, or the journeys after this one would
    // meet the demo doctor in Spanish.
    await page.locator('#language-select').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const favicon = await page.request.get(
      await page
        .locator('link[rel="icon"]')
        .getAttribute('href')
        .then((h) => h!),
    );
    expect(favicon.headers()['content-type']).toContain('image/svg+xml');
  });

  test('wide screens show the navigation as a row of links, no menu toggle', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, 'patient@carewell.test', DEMO_PASSWORD);
    await expect(page.locator('.site-nav')).toBeVisible();
    await expect(page.locator('.nav-menu-toggle')).toBeHidden();
  });
});
