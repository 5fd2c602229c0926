import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * A passkey as the staff second factor, through Chromium's virtual authenticator (CDP WebAuthn):
 * a nurse adds one on the account page, signs out, and signs in with the passkey alone.
 */
test('a staff member adds a passkey and signs in with it', async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await signIn(page, 'nurse2@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await page.goto('/account');
  await page.locator('#f-passkey-name').fill('Ward laptop');
  await page.locator('#f-passkey-password').fill(DEMO_PASSWORD);
  await page.locator('button[data-passkey="register"]').click();
  await expect(page).toHaveURL(/\/account\?passkey=added/);
  await expect(page.locator('body')).toContainText('Ward laptop');

  await page.locator('form[action="/logout"] button').click();
  await page.goto('/login');
  await page.locator('button[data-passkey="login"]').first().click();
  await expect(page).toHaveURL(/\/staff/);
  await page.goto('/account');
  await expect(page.locator('body')).toContainText('nurse2@carewell.test');
});
