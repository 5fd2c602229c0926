import { expect, type Page } from '@playwright/test';
import { TOTP } from 'otpauth';
import { expectAccessible } from './axe.js';

export const DEMO_PASSWORD = 'carewell-demo';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const usedSteps = new Map<string, number>();

/**
 * The code an authenticator would show now. A code is accepted once per account and 30-second
 * window, so a second sign-in of the same secret in one window waits for the next window.
 */
export async function freshTotp(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (usedSteps.get(secret) === step) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  usedSteps.set(secret, step);
  return new TOTP({ secret }).generate();
}

export async function signIn(page: Page, email: string, password: string, totpSecret?: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('form[action^="/login"] button[type=submit]').first().click();
  if (totpSecret) {
    await expect(page).toHaveURL(/\/login\/otp/);
    await page.locator('#f-otp').fill(await freshTotp(totpSecret));
    await page.locator('form[action^="/login/otp"] button[type=submit]').click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

/** Opens the newest outbox message to `recipient` (admin, demo mode) and returns the first link in it. */
export async function linkFromOutbox(adminPage: Page, recipient: string, pathPart: string): Promise<string> {
  await adminPage.goto('/admin/outbox');
  await expectAccessible(adminPage);
  const row = adminPage.locator('tr', { hasText: recipient }).first();
  await row.locator('a').first().click();
  const link = adminPage.locator(`a[href*="${pathPart}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}
