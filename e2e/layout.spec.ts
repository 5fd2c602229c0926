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
});
