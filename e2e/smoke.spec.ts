import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';

test('an unknown page shows a readable error page without serious accessibility problems', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found');
  await expectAccessible(page);
});
